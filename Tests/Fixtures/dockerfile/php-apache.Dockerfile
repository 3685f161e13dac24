FROM php:8.3-apache
RUN apt-get update && apt-get install -y \
        libfreetype6-dev \
        libjpeg62-turbo-dev \
        libpng-dev \
    && docker-php-ext-configure gd --with-freetype --with-jpeg \
    && docker-php-ext-install -j$(nproc) gd
COPY --from=composer:2.7 /usr/bin/composer /usr/bin/composer
COPY . /var/www/html/
RUN chown -R www-data:www-data /var/www/html
USER www-data
