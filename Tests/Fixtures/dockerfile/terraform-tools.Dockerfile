FROM alpine:3.19.1
ARG TERRAFORM_VERSION=1.7.4
ARG TFLINT_VERSION=0.50.3
RUN apk add --no-cache bash=5.2.21-r0 curl=8.5.0-r0 git=2.43.0-r0 unzip=6.0-r14 \
 && curl -fsSL -o /tmp/tf.zip https://releases.hashicorp.com/terraform/${TERRAFORM_VERSION}/terraform_${TERRAFORM_VERSION}_linux_amd64.zip \
 && unzip /tmp/tf.zip -d /usr/local/bin \
 && rm /tmp/tf.zip
RUN curl -s https://raw.githubusercontent.com/terraform-linters/tflint/master/install_linux.sh | bash
WORKDIR /workspace
ENTRYPOINT ["terraform"]
