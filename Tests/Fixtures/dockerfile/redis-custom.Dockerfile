FROM redis:7.2.4-alpine
COPY redis.conf /usr/local/etc/redis/redis.conf
RUN chown redis:redis /usr/local/etc/redis/redis.conf
EXPOSE 6379
USER redis
CMD [ "redis-server", "/usr/local/etc/redis/redis.conf" ]
