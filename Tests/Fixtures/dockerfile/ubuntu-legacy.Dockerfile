FROM ubuntu:latest
MAINTAINER ops@example.com
RUN apt-get update
RUN apt-get upgrade -y
RUN apt-get install -y openssh-server sudo vim curl wget
RUN mkdir /var/run/sshd
RUN echo 'root:screencast' | chpasswd
RUN sed -i 's/PermitRootLogin prohibit-password/PermitRootLogin yes/' /etc/ssh/sshd_config
RUN cd /opt && wget http://example.com/tool.tar.gz && tar xzf tool.tar.gz
RUN sudo chmod -R 777 /opt/tool
EXPOSE 22
CMD ["/usr/sbin/sshd", "-D"]
