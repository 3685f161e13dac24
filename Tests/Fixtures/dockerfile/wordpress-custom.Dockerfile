FROM wordpress:6.4-php8.2-apache
RUN apt-get update && apt-get install -y --no-install-recommends less=590-2 \
    && rm -rf /var/lib/apt/lists/*
RUN curl -O https://raw.githubusercontent.com/wp-cli/builds/gh-pages/phar/wp-cli.phar \
    && chmod +x wp-cli.phar && mv wp-cli.phar /usr/local/bin/wp
COPY themes/mytheme /var/www/html/wp-content/themes/mytheme
COPY --chown=www-data:www-data uploads.ini /usr/local/etc/php/conf.d/uploads.ini
ENV WORDPRESS_DB_PASSWORD=wordpress
