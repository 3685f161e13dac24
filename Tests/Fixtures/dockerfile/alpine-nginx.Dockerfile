FROM alpine:3.19
MAINTAINER Jane Doe <jane@example.com>
RUN apk update && apk add nginx curl
RUN mkdir -p /run/nginx && chmod 777 /run/nginx
ADD nginx.conf /etc/nginx/nginx.conf
ADD site/ /var/www/html/
EXPOSE 80 443
CMD ["nginx", "-g", "daemon off;"]
