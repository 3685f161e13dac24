# A hand-written gemspec that is not what RubyGems writes: the name is computed, the
# version string never closes.
Gem::Specification.new do |spec|
  spec.name = File.basename(__dir__)
  spec.version = "1.0
end
