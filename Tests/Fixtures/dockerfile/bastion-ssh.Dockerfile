FROM alpine:3.19
RUN apk add --no-cache openssh=9.6_p1-r0 \
    && ssh-keygen -A \
    && adduser -D -s /bin/ash jump \
    && echo "jump:jump" | chpasswd
COPY authorized_keys /home/jump/.ssh/authorized_keys
COPY sshd_config /etc/ssh/sshd_config
EXPOSE 22
CMD ["/usr/sbin/sshd", "-D", "-e"]
