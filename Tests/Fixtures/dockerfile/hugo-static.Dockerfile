FROM klakegg/hugo:0.111.3-ext-alpine AS build
COPY . /src
RUN hugo --minify

FROM nginxinc/nginx-unprivileged:1.25-alpine
COPY --from=build /src/public /usr/share/nginx/html
EXPOSE 8080
