FROM perl:5.38
RUN cpanm --notest Mojolicious@9.35 DBD::Pg
WORKDIR /opt/app
COPY . .
EXPOSE 3000
CMD ["perl", "script/app", "prefork", "-l", "http://*:3000"]
