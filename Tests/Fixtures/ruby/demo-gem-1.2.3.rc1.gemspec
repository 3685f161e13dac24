# -*- encoding: utf-8 -*-
# stub: demo-gem 1.2.3.rc1 ruby lib

Gem::Specification.new do |s|
  s.name = "demo-gem".freeze
  s.version = "1.2.3.rc1"

  s.required_rubygems_version = Gem::Requirement.new("> 1.3.1".freeze) if s.respond_to? :required_rubygems_version=
  s.require_paths = ["lib".freeze]
  s.authors = ["Zo\u00EB Example".freeze, "B. Tester".freeze]
  s.date = "2026-12-06"
  s.files = ["lib/demo.rb".freeze]
  s.homepage = "https://example.org/demo".freeze
  s.licenses = ["MIT".freeze, "Apache-2.0".freeze]
  s.rubygems_version = "3.3.15".freeze
  s.summary = "Quotes \" and \#{interpolation} and a\ttab".freeze

  if s.respond_to? :specification_version then
    s.specification_version = 4
  end

  if s.respond_to? :add_runtime_dependency then
    s.add_runtime_dependency(%q<rake>.freeze, [">= 13"])
  else
    s.add_dependency(%q<rake>.freeze, [">= 13"])
  end
end
