FROM debian:12
RUN apt-get update && apt-get -y install cron && rm -rf /var/lib/apt/lists/*
COPY crontab /etc/cron.d/app
RUN chmod 0644 /etc/cron.d/app && crontab /etc/cron.d/app
RUN touch /var/log/cron.log
CMD cron && tail -f /var/log/cron.log
