FROM nginx:1.25.4-alpine
COPY default.conf conf.d/default.conf
COPY html .
RUN wget https://example.com/robots.txt -O /usr/share/nginx/html/robots.txt
ADD https://example.com/favicon.ico /usr/share/nginx/html/favicon.ico
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/app.tar.gz /opt/
ADD vendor.tar.gz /opt/vendor/
USER nginx
