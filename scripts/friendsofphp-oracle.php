<?php
// Oracle for FriendsOfPHP matching: composer/semver judges the advisories' branches.
//
// Usage: php friendsofphp-oracle.php AUTOLOAD DIR < CASES
// AUTOLOAD is composer/semver's autoload.php; DIR an unpacked FriendsOfPHP/security-advisories;
// CASES are "vendor/package<TAB>version" lines. Prints, per case, the sorted ids of the
// advisories affecting it, space-separated, "-" for none, or "E" when Composer cannot
// normalise the version. A version is affected when, for some branch, it satisfies every
// constraint of the branch's `versions` (Semver::satisfies). The id is the advisory's CVE, else
// FRIENDSOFPHP-<vendor>/<package>/<file name without .yaml>.
//
// PHP has no YAML parser here, so the few keys needed are read with patterns; every
// `versions:` in the snapshot is a one-line flow list, and anything else stops the oracle.
require $argv[1];
use Composer\Semver\Semver;
use Composer\Semver\VersionParser;

$advisories = [];
foreach (glob($argv[2] . '/*/*/*.yaml') as $file) {
    $text = file_get_contents($file);
    if (!preg_match('/^reference:\s*[\'"]?composer:\/\/([^\s\'"]+)[\'"]?\s*$/m', $text, $reference)) {
        fwrite(STDERR, "$file: no reference\n");
        exit(1);
    }
    $parts = array_slice(explode('/', $file), -3);
    $id = preg_match('/^cve:\s*[\'"]?(CVE-[0-9]+-[0-9]+)/m', $text, $cve)
        ? $cve[1] : 'FRIENDSOFPHP-' . implode('/', $parts);
    $id = preg_replace('/\.yaml$/', '', $id);
    preg_match_all('/^\s+versions:\s*\[(.*)\]\s*$/m', $text, $lists);
    if (count($lists[1]) !== substr_count($text, 'versions:')) {
        fwrite(STDERR, "$file: a versions list that is not a one-line flow list\n");
        exit(1);
    }
    $branches = [];
    foreach ($lists[1] as $list) {
        preg_match_all('/\s*(\'[^\']*\'|"[^"]*"|[^,]+)\s*(,|$)/', $list, $items);
        $branches[] = array_map(fn ($item) => trim(trim($item), '\'"'), $items[1]);
    }
    $advisories[strtolower($reference[1])][] = [$id, $branches];
}

$parser = new VersionParser();
$out = [];
foreach (explode("\n", stream_get_contents(STDIN)) as $line) {
    if ($line === '') continue;
    [$package, $version] = explode("\t", $line, 2);
    try {
        if (strpos($parser->normalize($version), 'dev-') === 0) { $out[] = 'E'; continue; }
    } catch (\Throwable $e) {
        $out[] = 'E';
        continue;
    }
    $ids = [];
    foreach ($advisories[$package] ?? [] as [$id, $branches]) {
        foreach ($branches as $constraints) {
            $all = true;
            foreach ($constraints as $constraint) {
                if (!Semver::satisfies($version, $constraint)) { $all = false; break; }
            }
            if ($all) { $ids[$id] = true; break; }
        }
    }
    $ids = array_keys($ids);
    sort($ids);
    $out[] = $ids ? implode(' ', $ids) : '-';
}
echo implode("\n", $out), "\n";
