FROM registry.access.redhat.com/ubi8/ubi:8.9
RUN yum install httpd && yum clean all
RUN yum install -y php-8.0.30 mod_ssl
RUN dnf install -y python3 \
    && dnf clean all
RUN microdnf install nginx-1.20.1
USER 1001
EXPOSE 8080
CMD ["httpd", "-D", "FOREGROUND"]
