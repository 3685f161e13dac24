FROM ruby:3.3.0-slim
RUN apt-get update -qq && apt-get install -yq --no-install-recommends build-essential libpq-dev nodejs \
    && apt-get clean && rm -rf /var/cache/apt/archives/* /var/lib/apt/lists/*
RUN gem install bundler
RUN gem install rails -v 7.1.3
WORKDIR /rails
COPY Gemfile Gemfile.lock ./
RUN bundle install --jobs 4
COPY . .
RUN useradd rails --create-home --shell /bin/bash && chown -R rails:rails /rails
USER rails:rails
EXPOSE 3000
CMD ["./bin/rails", "server", "-b", "0.0.0.0"]
