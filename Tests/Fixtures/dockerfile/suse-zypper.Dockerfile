FROM opensuse/leap:15.5
RUN zypper install curl
RUN zypper -n install git=2.35.3 && zypper clean
RUN zypper dist-upgrade -y
USER 1000
