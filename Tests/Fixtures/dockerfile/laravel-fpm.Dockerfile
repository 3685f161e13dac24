FROM php:8.3-fpm-alpine
RUN apk add --no-cache $PHPIZE_DEPS libzip-dev \
    && docker-php-ext-install pdo_mysql zip \
    && pecl install redis && docker-php-ext-enable redis
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
WORKDIR /var/www
COPY composer.json composer.lock ./
RUN composer install --no-dev --no-scripts --prefer-dist
COPY . .
RUN chown -R www-data:www-data storage bootstrap/cache && chmod -R 775 storage
USER www-data
CMD ["php-fpm"]
