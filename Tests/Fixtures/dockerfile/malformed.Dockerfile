FROM alpine:3.19
RUNN echo typo
COPY
CMD ["unterminated", 
RUN echo ok \
