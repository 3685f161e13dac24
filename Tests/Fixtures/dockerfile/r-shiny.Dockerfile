FROM rocker/shiny:4.3.2
RUN apt-get update && apt-get install -y \
    libcurl4-openssl-dev \
    libssl-dev \
 && rm -rf /var/lib/apt/lists/*
RUN R -e "install.packages(c('shinydashboard', 'DT'), repos='https://cloud.r-project.org/')"
COPY app/ /srv/shiny-server/app/
EXPOSE 3838
USER shiny
