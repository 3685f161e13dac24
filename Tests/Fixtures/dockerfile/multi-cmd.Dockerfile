FROM busybox:1.36
COPY a.txt b.txt /data
COPY --from=tools /bin/tool /bin/tool
EXPOSE 80000
HEALTHCHECK CMD wget -q -O- http://localhost/
HEALTHCHECK CMD wget -q -O- http://localhost/health
ENTRYPOINT ["/bin/sh"]
ENTRYPOINT ["/bin/ash"]
CMD ["echo", "one"]
CMD ["echo", "two"]
