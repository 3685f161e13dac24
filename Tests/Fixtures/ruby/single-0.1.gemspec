# -*- encoding: utf-8 -*-
# stub: single 0.1 ruby lib

Gem::Specification.new do |s|
  s.name = "single".freeze
  s.version = "0.1"

  s.required_rubygems_version = Gem::Requirement.new(">= 0".freeze) if s.respond_to? :required_rubygems_version=
  s.require_paths = ["lib".freeze]
  s.authors = ["X".freeze]
  s.date = "2026-12-06"
  s.licenses = ["BSD-2-Clause".freeze]
  s.rubygems_version = "3.3.15".freeze
  s.summary = "s".freeze
end
