FROM debian:12.5
ENV APP_HOME=/opt/app APP_BIN=$APP_HOME/bin
ENV PATH=$PATH:/opt/app/bin
WORKDIR $APP_HOME
RUN ln -sf /bin/bash /bin/sh
LABEL org.opencontainers.image.source="https://github.com/example/app" \
      Maintainer="someone" \
      com.docker.reserved="x"
COPY app /opt/app/bin/
USER 1000
