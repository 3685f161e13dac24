FROM jenkins/inbound-agent:3206.vb_15dcf73f6a_9-1-jdk17
USER root
RUN apt-get update && apt-get install -y --no-install-recommends docker.io=20.10.24+dfsg1-1+b3 \
    && rm -rf /var/lib/apt/lists/* \
    && usermod -aG docker jenkins
RUN curl -fsSLo /usr/local/bin/kubectl "https://dl.k8s.io/release/v1.29.2/bin/linux/amd64/kubectl" \
    && chmod +x /usr/local/bin/kubectl
USER jenkins
