<?php
// Reads "A<TAB>B" lines on stdin; prints Composer's verdict: -1, 0, 1 (version_compare of the
// VersionParser-normalised versions), or E when either does not normalise or is a named branch.
// With argument "constraint": prints 1/0 for Semver::satisfies(A, B), E if either is invalid.
// argv[1]: the composer/semver autoload.php.
require $argv[1];
use Composer\Semver\Semver;
use Composer\Semver\VersionParser;
$mode = $argv[2] ?? 'compare';
$parser = new VersionParser();
$out = [];
foreach (explode("\n", stream_get_contents(STDIN)) as $line) {
    if ($line === '') continue;
    [$a, $b] = array_pad(explode("\t", $line, 2), 2, '');
    try {
        if ($mode === 'constraint') {
            $parser->parseConstraints($b);
            $normalized = $parser->normalize($a);
            if (strpos($normalized, 'dev-') === 0) { $out[] = 'E'; continue; }
            $out[] = Semver::satisfies($a, $b) ? '1' : '0';
        } else {
            $x = $parser->normalize($a);
            $y = $parser->normalize($b);
            if (strpos($x, 'dev-') === 0 || strpos($y, 'dev-') === 0) { $out[] = 'E'; continue; }
            $out[] = (string) version_compare($x, $y);
        }
    } catch (\Throwable $e) {
        $out[] = 'E';
    }
}
echo implode("\n", $out), "\n";
