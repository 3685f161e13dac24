ARG GRAFANA_VERSION="10.3.3"
FROM grafana/grafana:${GRAFANA_VERSION}
USER root
RUN grafana-cli --pluginsDir "/var/lib/grafana/plugins" plugins install grafana-piechart-panel
COPY provisioning /etc/grafana/provisioning
USER grafana
