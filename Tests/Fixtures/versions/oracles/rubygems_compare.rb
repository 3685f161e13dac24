# Reads "A<TAB>B" lines on stdin; prints Gem::Version's verdict: -1, 0, 1, or E (malformed).
# With argument "requirement": prints 1/0 for Gem::Requirement.new(*B.split(",")).satisfied_by?(A), E if invalid.
mode = ARGV[0] || "compare"
out = []
STDIN.read.split("\n").each do |line|
  next if line.empty?
  a, b = line.split("\t", 2)
  b ||= ""
  begin
    if mode == "requirement"
      requirement = Gem::Requirement.new(*b.split(","))
      out << (Gem::Version.correct?(a) ? (requirement.satisfied_by?(Gem::Version.new(a)) ? "1" : "0") : "E")
    else
      out << (Gem::Version.correct?(a) && Gem::Version.correct?(b) ? (Gem::Version.new(a) <=> Gem::Version.new(b)).to_s : "E")
    end
  rescue ArgumentError, Gem::Requirement::BadRequirementError
    out << "E"
  end
end
puts out.join("\n")
