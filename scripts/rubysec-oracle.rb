#!/usr/bin/env ruby
# Oracle for RubySec matching: RubyGems' own Gem::Requirement judges ruby-advisory-db.
#
# Usage: rubysec-oracle.rb DIR < CASES
# DIR is an unpacked ruby-advisory-db; CASES are "gem<TAB>version" lines. Prints, per case, the
# sorted ids of the gem advisories affecting it, space-separated, "-" for none, or "E" when
# Gem::Version rejects the version. A version is affected when it satisfies no requirement of
# patched_versions or unaffected_versions, each read as bundler-audit reads it
# (Gem::Requirement.new(*text.split(", "))). The id is CVE-, else GHSA-, else OSVDB-.
require "date"
require "yaml"

advisories = Hash.new { |hash, key| hash[key] = [] }
Dir.glob(File.join(ARGV.fetch(0), "gems", "*", "*.yml")).sort.each do |path|
  data = YAML.safe_load(File.read(path), permitted_classes: [Date])
  id = if data["cve"] then "CVE-#{data["cve"]}"
       elsif data["ghsa"] then "GHSA-#{data["ghsa"]}"
       else "OSVDB-#{data["osvdb"]}"
       end
  safe = (Array(data["patched_versions"]) + Array(data["unaffected_versions"]))
    .map { |text| Gem::Requirement.new(*text.split(", ")) }
  advisories[data["gem"]] << [id, safe]
end

# All input is read before any output, so a caller may write every case before reading.
out = STDIN.read.split("\n").reject(&:empty?).map do |line|
  gem, text = line.split("\t", 2)
  next "E" unless Gem::Version.correct?(text)
  version = Gem::Version.new(text)
  ids = advisories[gem].select { |_, safe| safe.none? { |requirement| requirement.satisfied_by?(version) } }
    .map(&:first).uniq.sort
  ids.empty? ? "-" : ids.join(" ")
end
puts out
