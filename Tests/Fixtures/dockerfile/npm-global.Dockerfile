FROM node:18.19.1-alpine3.19
RUN npm install -g typescript pm2@5.3.1
RUN yarn install && yarn build
RUN yarn global add serve && yarn cache clean
WORKDIR /srv
COPY dist/ ./
USER node
CMD ["pm2-runtime", "dist/index.js"]
