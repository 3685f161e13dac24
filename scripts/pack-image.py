#!/usr/bin/env python3
"""Helper for scripts/build-test-image: layer diffs, image packing, expected inventory, checks.

Stdlib only, so it runs on any Python 3.9+. Subcommands:
  snapshot ROOT OUT.json            record every path's metadata under ROOT
  diff ROOT BEFORE.json LAYERDIR    copy what changed since BEFORE into LAYERDIR (+ whiteouts)
  awskey SEED                       print a deterministic fake AWS key pair (id, secret)
  sshkey SEED OUT                   write a deterministic-format fake OpenSSH key (random body)
  pack SPEC.json                    write docker-archive, OCI-in-docker-save, and OCI layouts
  multiarch SPEC.json               write a two-platform OCI layout from a gzip OCI layout
  expected SPEC.json                write expected.json from the layer tars
  verify SPEC.json                  check digests, diffIDs, and that merged layers == rootfs
"""
import base64
import gzip
import hashlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
import zipfile

EXCLUDED_TOP = ("dev", "proc", "sys")
CHUNK = 1 << 20


def die(msg):
    print(f"pack-image: error: {msg}", file=sys.stderr)
    sys.exit(1)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            b = f.read(CHUNK)
            if not b:
                break
            h.update(b)
    return h.hexdigest()


def write_json(path, obj, compact=False):
    data = canonical(obj) if compact else json.dumps(obj, indent=2, sort_keys=False) + "\n"
    with open(path, "w") as f:
        f.write(data)


def canonical(obj):
    return json.dumps(obj, separators=(",", ":"), sort_keys=False)


# ---------------------------------------------------------------- snapshot / diff

def scan_tree(root):
    """Map relative path -> (kind, mode, uid, gid, size, mtime_ns, link) for everything under root."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        if rel_dir == ".":
            dirnames[:] = sorted(dirnames)
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            st = os.lstat(full)
            kind = stat.S_IFMT(st.st_mode)
            link = os.readlink(full) if stat.S_ISLNK(st.st_mode) else ""
            out[rel] = [kind, stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid,
                        st.st_size if stat.S_ISREG(st.st_mode) else 0, st.st_mtime_ns, link]
        if rel_dir == ".":
            # keep the mount-point directories themselves but not what is inside them
            dirnames[:] = [d for d in dirnames if d not in EXCLUDED_TOP]
    return out


def cmd_snapshot(args):
    root, out = args
    write_json(out, scan_tree(root), compact=True)


def cmd_diff(args):
    root, before_path, layerdir = args
    with open(before_path) as f:
        before = json.load(f)
    now = scan_tree(root)
    changed = set()
    for rel, meta in now.items():
        old = before.get(rel)
        if old is None:
            changed.add(rel)
        elif stat.S_ISDIR(meta[0]):
            # a directory is an entry of its own only if its own metadata changed
            if old[:4] != meta[:4]:
                changed.add(rel)
        elif old != meta:
            changed.add(rel)
    # every changed entry comes with its parent directories, as overlayfs copy-up gives
    for rel in list(changed):
        parts = rel.split("/")
        for i in range(1, len(parts)):
            changed.add("/".join(parts[:i]))
    deleted = sorted(rel for rel in before if rel not in now)
    top_deleted = []
    for rel in deleted:
        if not any(rel.startswith(d + "/") for d in top_deleted):
            top_deleted.append(rel)
    os.makedirs(layerdir, exist_ok=True)
    if changed:
        listing = "\0".join(sorted(changed)) + "\0"
        p1 = subprocess.Popen(["tar", "-C", root, "--no-recursion", "--null", "-T", "-",
                               "--numeric-owner", "-cf", "-"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        p2 = subprocess.Popen(["tar", "-C", layerdir, "--numeric-owner", "-xpf", "-"],
                              stdin=p1.stdout)
        p1.stdout.close()
        p1.stdin.write(listing.encode())
        p1.stdin.close()
        if p1.wait() != 0 or p2.wait() != 0:
            die("copying the changed files into the layer directory failed")
    for rel in top_deleted:
        parent, name = os.path.split(rel)
        os.makedirs(os.path.join(layerdir, parent), exist_ok=True)
        open(os.path.join(layerdir, parent, ".wh." + name), "w").close()
    print(f"diff: {len(changed)} changed or new entries, {len(top_deleted)} deletions")


# ---------------------------------------------------------------- fake secrets

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def derive(seed, n, alphabet):
    out = ""
    counter = 0
    while len(out) < n:
        block = hashlib.sha256(f"{seed}/{counter}".encode()).digest()
        out += "".join(alphabet[b % len(alphabet)] for b in block)
        counter += 1
    return out[:n]


def cmd_awskey(args):
    (seed,) = args
    print("AKIA" + derive(seed + "/id", 16, B32), derive(seed + "/secret", 40, B64))


def ssh_string(b):
    return len(b).to_bytes(4, "big") + b


def cmd_sshkey(args):
    """An OpenSSH-format ed25519 private key whose key bytes are derived, not generated.

    The container format is exact (so secret scanners and ssh-keygen's parser see a key),
    but the public half is not derived from the private half: it is a throwaway that
    unlocks nothing.
    """
    seed, out = args
    priv = bytes.fromhex(derive(seed + "/priv", 64, "0123456789abcdef"))
    pub = bytes.fromhex(derive(seed + "/pub", 64, "0123456789abcdef"))
    keytype = b"ssh-ed25519"
    pubblob = ssh_string(keytype) + ssh_string(pub)
    check = hashlib.sha256(seed.encode()).digest()[:4]
    body = check + check + ssh_string(keytype) + ssh_string(pub) + ssh_string(priv + pub) \
        + ssh_string(b"deploy@plimsoll-test")
    pad = 1
    while len(body) % 8:
        body += bytes([pad])
        pad += 1
    blob = b"openssh-key-v1\0" + ssh_string(b"none") + ssh_string(b"none") + ssh_string(b"") \
        + (1).to_bytes(4, "big") + ssh_string(pubblob) + ssh_string(body)
    text = base64.b64encode(blob).decode()
    lines = [text[i:i + 70] for i in range(0, len(text), 70)]
    with open(out, "w") as f:
        f.write("-----BEGIN OPENSSH PRIVATE KEY-----\n" + "\n".join(lines)
                + "\n-----END OPENSSH PRIVATE KEY-----\n")
    os.chmod(out, 0o600)


# ---------------------------------------------------------------- packing

def tarinfo(name, size=0, kind=tarfile.REGTYPE, mtime=0, mode=0o644):
    ti = tarfile.TarInfo(name)
    ti.size = size
    ti.type = kind
    ti.mtime = mtime
    ti.mode = mode if kind != tarfile.DIRTYPE else 0o755
    ti.uid = ti.gid = 0
    ti.uname = ti.gname = ""
    return ti


def add_bytes(tf, name, data, mtime):
    tf.addfile(tarinfo(name, len(data), mtime=mtime), io.BytesIO(data))


def add_file(tf, name, path, mtime):
    with open(path, "rb") as f:
        tf.addfile(tarinfo(name, os.path.getsize(path), mtime=mtime), f)


def add_dir(tf, name, mtime):
    tf.addfile(tarinfo(name.rstrip("/") + "/", kind=tarfile.DIRTYPE, mtime=mtime))


def load_spec(path):
    with open(path) as f:
        spec = json.load(f)
    for layer in spec["layers"]:
        if "diffID" not in layer:
            layer["diffID"] = "sha256:" + sha256_file(layer["tar"])
            layer["size"] = os.path.getsize(layer["tar"])
    return spec


def image_config(spec, arch="amd64", variant=None, layers=None, history=None):
    layers = spec["layers"] if layers is None else layers
    cfg = {
        "architecture": arch,
        "config": spec["config"],
        "created": spec["created"],
        "history": spec["history"] if history is None else history,
        "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": [l["diffID"] for l in layers]},
    }
    if variant:
        cfg["variant"] = variant
    return canonical(cfg).encode()


def cmd_pack(args):
    (spec_path,) = args
    spec = load_spec(spec_path)
    mtime = spec["epoch"]
    repo, tag = spec["repoTag"].rsplit(":", 1)
    config = image_config(spec)
    config_hex = hashlib.sha256(config).hexdigest()

    # classic `docker save`: <v1 id>/layer.tar, <config hex>.json, manifest.json, repositories
    out = spec["outputs"]["dockerArchive"]
    with tarfile.open(out + ".tmp", "w", format=tarfile.PAX_FORMAT) as tf:
        parent = ""
        layer_paths = []
        for i, layer in enumerate(spec["layers"]):
            v1 = hashlib.sha256(f"{parent} {layer['diffID']}".encode()).hexdigest()
            add_dir(tf, v1, mtime)
            add_bytes(tf, f"{v1}/VERSION", b"1.0", mtime)
            v1json = {"id": v1, "created": spec["created"],
                      "container_config": {"Cmd": [layer["created_by"]]}}
            if parent:
                v1json["parent"] = parent
            if i == len(spec["layers"]) - 1:
                v1json["config"] = spec["config"]
                v1json["architecture"] = "amd64"
                v1json["os"] = "linux"
            add_bytes(tf, f"{v1}/json", canonical(v1json).encode(), mtime)
            add_file(tf, f"{v1}/layer.tar", layer["tar"], mtime)
            layer_paths.append(f"{v1}/layer.tar")
            parent = v1
        add_bytes(tf, f"{config_hex}.json", config, mtime)
        manifest = [{"Config": f"{config_hex}.json", "RepoTags": [spec["repoTag"]],
                     "Layers": layer_paths}]
        add_bytes(tf, "manifest.json", canonical(manifest).encode(), mtime)
        add_bytes(tf, "repositories", canonical({repo: {tag: parent}}).encode() + b"\n", mtime)
    os.replace(out + ".tmp", out)

    # Docker 25+ `docker save`: an OCI layout plus the legacy manifest.json pointing into blobs
    out = spec["outputs"]["ociSave"]
    layer_media = "application/vnd.oci.image.layer.v1.tar"
    oci_manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": "sha256:" + config_hex, "size": len(config)},
        "layers": [{"mediaType": layer_media, "digest": l["diffID"], "size": l["size"]}
                   for l in spec["layers"]],
    }
    manifest_bytes = canonical(oci_manifest).encode()
    manifest_hex = hashlib.sha256(manifest_bytes).hexdigest()
    index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
             "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                            "digest": "sha256:" + manifest_hex, "size": len(manifest_bytes),
                            "annotations": {
                                "io.containerd.image.name": "docker.io/" + spec["repoTag"],
                                "org.opencontainers.image.ref.name": tag}}]}
    with tarfile.open(out + ".tmp", "w", format=tarfile.PAX_FORMAT) as tf:
        add_dir(tf, "blobs", mtime)
        add_dir(tf, "blobs/sha256", mtime)
        written = set()
        for layer in spec["layers"]:
            hexd = layer["diffID"].split(":", 1)[1]
            if hexd not in written:
                add_file(tf, f"blobs/sha256/{hexd}", layer["tar"], mtime)
                written.add(hexd)
        add_bytes(tf, f"blobs/sha256/{config_hex}", config, mtime)
        add_bytes(tf, f"blobs/sha256/{manifest_hex}", manifest_bytes, mtime)
        add_bytes(tf, "index.json", canonical(index).encode(), mtime)
        legacy = [{"Config": f"blobs/sha256/{config_hex}", "RepoTags": [spec["repoTag"]],
                   "Layers": [f"blobs/sha256/{l['diffID'].split(':', 1)[1]}" for l in spec["layers"]]}]
        add_bytes(tf, "manifest.json", canonical(legacy).encode(), mtime)
        add_bytes(tf, "oci-layout", b'{"imageLayoutVersion":"1.0.0"}', mtime)
        add_bytes(tf, "repositories", canonical({repo: {tag: manifest_hex}}).encode() + b"\n", mtime)
    os.replace(out + ".tmp", out)
    print(f"pack: config sha256:{config_hex}, {len(spec['layers'])} layers")


def write_blob(layout, data):
    hexd = hashlib.sha256(data).hexdigest()
    path = os.path.join(layout, "blobs", "sha256", hexd)
    with open(path, "wb") as f:
        f.write(data)
    return hexd


def cmd_multiarch(args):
    """Two-platform OCI layout: the amd64 image from a gzip OCI layout, plus a small arm64 image."""
    (spec_path,) = args
    spec = load_spec(spec_path)
    src, dst, tag = spec["source"], spec["dest"], spec["tag"]
    with open(os.path.join(src, "index.json")) as f:
        src_index = json.load(f)
    amd64_desc = src_index["manifests"][0]
    if dst and os.path.exists(dst):
        shutil.rmtree(dst)
    os.makedirs(os.path.join(dst, "blobs", "sha256"))
    for name in os.listdir(os.path.join(src, "blobs", "sha256")):
        s = os.path.join(src, "blobs", "sha256", name)
        d = os.path.join(dst, "blobs", "sha256", name)
        try:
            os.link(s, d)
        except OSError:
            shutil.copy2(s, d)
    with open(os.path.join(src, "blobs", "sha256", amd64_desc["digest"].split(":", 1)[1])) as f:
        amd64_manifest = json.load(f)
    with open(os.path.join(src, "blobs", "sha256",
                           amd64_manifest["config"]["digest"].split(":", 1)[1])) as f:
        amd64_config = json.load(f)
    # arm64: reuse the amd64 image's chosen small layers (same blobs), plus its own marker layer
    layers, diff_ids, history = [], [], []
    for idx in spec["reuseLayers"]:
        layers.append(amd64_manifest["layers"][idx])
        diff_ids.append(amd64_config["rootfs"]["diff_ids"][idx])
        history.append({"created": spec["created"], "created_by": f"reused amd64 layer {idx}"})
    for extra in spec["layers"]:
        raw = open(extra["tar"], "rb").read()
        gz = gzip.compress(raw, compresslevel=6, mtime=0)
        hexd = write_blob(dst, gz)
        layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                       "digest": "sha256:" + hexd, "size": len(gz)})
        diff_ids.append(extra["diffID"])
        history.append({"created": spec["created"], "created_by": extra["created_by"]})
    config = {"architecture": "arm64", "variant": "v8", "os": "linux",
              "created": spec["created"], "config": spec["config"], "history": history,
              "rootfs": {"type": "layers", "diff_ids": diff_ids}}
    config_bytes = canonical(config).encode()
    config_hex = write_blob(dst, config_bytes)
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                           "digest": "sha256:" + config_hex, "size": len(config_bytes)},
                "layers": layers}
    manifest_bytes = canonical(manifest).encode()
    arm_hex = write_blob(dst, manifest_bytes)
    descs = [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json",
         "digest": amd64_desc["digest"], "size": amd64_desc["size"],
         "platform": {"architecture": "amd64", "os": "linux"}},
        {"mediaType": "application/vnd.oci.image.manifest.v1+json",
         "digest": "sha256:" + arm_hex, "size": len(manifest_bytes),
         "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}},
    ]
    # index.json -> one image index (tagged) -> the two platform manifests, as `skopeo copy --all`
    # writes a multi-arch image into an OCI layout
    inner = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
             "manifests": descs}
    inner_bytes = canonical(inner).encode()
    inner_hex = write_blob(dst, inner_bytes)
    outer = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
             "manifests": [{"mediaType": "application/vnd.oci.image.index.v1+json",
                            "digest": "sha256:" + inner_hex, "size": len(inner_bytes),
                            "annotations": {"org.opencontainers.image.ref.name": tag}}]}
    write_json(os.path.join(dst, "index.json"), outer, compact=True)
    with open(os.path.join(dst, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    # the same two manifests listed flat (no nested index), each tagged: the other common shape
    flat = spec.get("flatDest")
    if flat:
        if os.path.exists(flat):
            shutil.rmtree(flat)
        shutil.copytree(dst, flat, copy_function=os.link)
        os.unlink(os.path.join(flat, "blobs", "sha256", inner_hex))
        flat_descs = []
        for d in descs:
            d = dict(d)
            d["annotations"] = {"org.opencontainers.image.ref.name":
                                f"{tag}-{d['platform']['architecture']}"}
            flat_descs.append(d)
        os.unlink(os.path.join(flat, "index.json"))
        write_json(os.path.join(flat, "index.json"),
                   {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                    "manifests": flat_descs}, compact=True)
    print(json.dumps({"index": "sha256:" + inner_hex, "amd64": amd64_desc["digest"],
                      "arm64": "sha256:" + arm_hex}))


# ---------------------------------------------------------------- expected inventory

def parse_rfc822(text):
    """Parse dpkg-status-like stanzas into dicts (continuation lines joined)."""
    stanzas, cur, last = [], {}, None
    for line in text.splitlines():
        if not line.strip():
            if cur:
                stanzas.append(cur)
            cur, last = {}, None
        elif line[0] in " \t" and last:
            cur[last] += "\n" + line.strip()
        elif ":" in line:
            k, v = line.split(":", 1)
            last = k.strip()
            cur[last] = v.strip()
    if cur:
        stanzas.append(cur)
    return stanzas


def metadata_fields(text):
    """Name and Version from a METADATA / PKG-INFO header block."""
    name = version = None
    for line in text.splitlines():
        if not line.strip():
            break
        if line.startswith("Name:") and name is None:
            name = line[5:].strip()
        elif line.startswith("Version:") and version is None:
            version = line[8:].strip()
    return name, version


def dpkg_packages(text):
    out = {}
    for s in parse_rfc822(text):
        if s.get("Status", "").split()[-1:] != ["installed"]:
            continue
        src = s.get("Source", s["Package"])
        src_name, _, src_ver = src.partition(" ")
        src_ver = src_ver.strip("()") or s["Version"]
        out[(s["Package"], s.get("Architecture", ""))] = {
            "name": s["Package"], "version": s["Version"], "arch": s.get("Architecture", ""),
            "sourceName": src_name, "sourceVersion": src_ver}
    return out


def jar_facts(data, path, nested=None):
    facts = []
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return facts
    for name in sorted(zf.namelist()):
        if name.startswith("META-INF/maven/") and name.endswith("/pom.properties"):
            props = {}
            for line in zf.read(name).decode("utf-8", "replace").splitlines():
                line = line.strip()
                if line and not line.startswith("#") and "=" in line:
                    k, v = line.split("=", 1)
                    props[k.strip()] = v.strip()
            entry = {"path": path, "groupId": props.get("groupId"),
                     "artifactId": props.get("artifactId"), "version": props.get("version"),
                     "pomProperties": name}
            if nested:
                entry["nestedIn"] = nested
            facts.append(entry)
        elif name.endswith((".jar", ".war", ".ear")) and nested is None:
            facts.extend(jar_facts(zf.read(name), f"{path}!/{name}", nested=path))
    return facts


def read_varint(data, pos):
    value = shift = 0
    while True:
        b = data[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, pos


def go_buildinfo(data):
    """Go version and module info from a Go 1.18+ binary's inline build info (None if absent)."""
    magic = b"\xff Go buildinf:"
    at = data.find(magic)
    while at != -1 and at % 16:
        at = data.find(magic, at + 1)
    if at == -1:
        return None
    flags = data[at + 15]
    if not flags & 2:
        return {"goVersion": None, "note": "pre-1.18 pointer-style build info"}
    pos = at + 32
    n, pos = read_varint(data, pos)
    version = data[pos:pos + n].decode()
    pos += n
    n, pos = read_varint(data, pos)
    mod = data[pos:pos + n]
    if len(mod) >= 33 and mod[-17] == 0x0A:
        mod = mod[16:-16]
    info = {"goVersion": version, "mainPackage": None, "mainModule": None, "mainVersion": None,
            "deps": [], "settings": {}}
    for line in mod.decode("utf-8", "replace").splitlines():
        f = line.split("\t")
        if f[0] == "path" and len(f) > 1:
            info["mainPackage"] = f[1]
        elif f[0] == "mod" and len(f) > 2:
            info["mainModule"], info["mainVersion"] = f[1], f[2]
            if len(f) > 3 and f[3]:
                info["mainSum"] = f[3]
        elif f[0] == "dep" and len(f) > 2:
            dep = {"path": f[1], "version": f[2]}
            if len(f) > 3 and f[3]:
                dep["sum"] = f[3]
            info["deps"].append(dep)
        elif f[0] == "=>" and info["deps"] and len(f) > 2:
            info["deps"][-1]["replace"] = {"path": f[1], "version": f[2]}
        elif f[0] == "build" and len(f) > 1 and "=" in f[1]:
            k, v = f[1].split("=", 1)
            info["settings"][k] = v
    return info


def norm(name):
    name = name.lstrip("/")
    while name.startswith("./"):
        name = name[2:]
    name = name.rstrip("/")
    return "" if name == "." else name


def layer_facts(tar_path, prev_dpkg):
    facts = {"pip": [], "npm": [], "jars": [], "go": [], "dpkg": [], "dpkgRemoved": [], "deleted": [],
             "opaqueDirs": [], "entries": 0}
    dpkg_after = None
    with tarfile.open(tar_path, "r:") as tf:
        for m in tf:
            facts["entries"] += 1
            name = norm(m.name)
            if not name:
                continue
            base = os.path.basename(name)
            parent = os.path.dirname(name)
            if base == ".wh..wh..opq":
                facts["opaqueDirs"].append("/" + parent)
                continue
            if base.startswith(".wh."):
                facts["deleted"].append("/" + os.path.join(parent, base[4:]))
                continue
            if not m.isfile():
                continue

            def read():
                return tf.extractfile(m).read()

            pdir = os.path.basename(parent)
            if base == "METADATA" and pdir.endswith(".dist-info"):
                n, v = metadata_fields(read().decode("utf-8", "replace"))
                facts["pip"].append({"name": n, "version": v, "path": "/" + parent,
                                     "kind": "dist-info"})
            elif base == "PKG-INFO" and pdir.endswith(".egg-info"):
                n, v = metadata_fields(read().decode("utf-8", "replace"))
                facts["pip"].append({"name": n, "version": v, "path": "/" + parent,
                                     "kind": "egg-info"})
            elif base == "package.json" and "node_modules" in name.split("/"):
                segs = name.split("/")
                is_pkg = (len(segs) >= 3 and segs[-3] == "node_modules") or \
                         (len(segs) >= 4 and segs[-4] == "node_modules" and segs[-3].startswith("@"))
                if is_pkg:
                    try:
                        pj = json.loads(read())
                    except ValueError:
                        pj = {}
                    if isinstance(pj, dict) and pj.get("name") and pj.get("version"):
                        facts["npm"].append({"name": pj["name"], "version": pj["version"],
                                             "path": "/" + name})
            elif base.endswith((".jar", ".war", ".ear")):
                facts["jars"].extend(jar_facts(read(), "/" + name))
            elif name == "var/lib/dpkg/status":
                dpkg_after = dpkg_packages(read().decode("utf-8", "replace"))
            elif m.mode & 0o111 and m.size > 4:
                data = read()
                if data[:4] == b"\x7fELF":
                    info = go_buildinfo(data)
                    if info:
                        facts["go"].append({"path": "/" + name, **info})
    if dpkg_after is not None:
        introduced = [p for k, p in sorted(dpkg_after.items())
                      if prev_dpkg.get(k, {}).get("version") != p["version"]]
        facts["dpkg"] = introduced
        facts["dpkgRemoved"] = sorted(k[0] for k in prev_dpkg if k not in dpkg_after)
        prev_dpkg = dpkg_after
    for key in ("pip", "npm", "jars", "go"):
        facts[key].sort(key=lambda e: (e["path"], e.get("pomProperties", "")))
    return facts, prev_dpkg


def cmd_expected(args):
    (spec_path,) = args
    spec = load_spec(spec_path)
    layers_out = []
    prev = {}
    tree = {}
    layer_iter = iter(spec["layers"])
    index = 0
    for h in spec["history"]:
        if h.get("empty_layer"):
            continue
        layer = next(layer_iter)
        facts, prev = layer_facts(layer["tar"], prev)
        removed = apply_layer_tar(tree, layer["tar"])
        entry = {"index": index, "diffID": layer["diffID"], "size": layer["size"],
                 "created_by": h["created_by"], "tarFormat": layer.get("tarFormat"),
                 "pathPrefix": layer.get("pathPrefix", "")}
        entry.update(facts)
        entry["removedFromLowerLayers"] = removed["deleted"]
        entry["hiddenByOpaque"] = removed["hiddenByOpaque"]
        entry.update(layer.get("extra", {}))
        layers_out.append(entry)
        index += 1
    # what a scan of the merged image must report, each with the layer that put it there
    final = {}
    for key in ("pip", "npm", "jars", "go"):
        final[key] = []
        for l in layers_out:
            for item in l[key]:
                where = item.get("nestedIn", item["path"]).lstrip("/")
                if where in tree:
                    final[key].append({**item, "layer": l["index"]})
    with open(spec["digestsFile"]) as f:
        digests = json.load(f)
    expected = {
        "builderVersion": spec["builderVersion"],
        "image": {"repoTag": spec["repoTag"], "architecture": "amd64", "os": "linux",
                  "created": spec["created"], "config": spec["config"],
                  "history": spec["history"], **digests},
        "layers": layers_out,
        "final": {**final,
                  "dpkg": [{"name": p["name"], "version": p["version"], "arch": p["arch"]}
                           for _, p in sorted(prev.items())],
                  "paths": len(tree)},
        "secrets": spec["secrets"],
        "multiarch": spec["multiarch"],
    }
    write_json(spec["out"], expected)
    counts = {k: sum(len(l[k]) for l in layers_out) for k in ("pip", "npm", "jars", "go", "dpkg")}
    print(f"expected: {counts}")


# ---------------------------------------------------------------- verification

def decompressed_sha256(path, media_type):
    h = hashlib.sha256()
    if media_type.endswith("+zstd"):
        p = subprocess.Popen(["zstd", "-dc", path], stdout=subprocess.PIPE)
        stream = p.stdout
    elif media_type.endswith("+gzip") or media_type.endswith(".gzip"):
        stream, p = gzip.open(path, "rb"), None
    else:
        stream, p = open(path, "rb"), None
    while True:
        b = stream.read(CHUNK)
        if not b:
            break
        h.update(b)
    stream.close()
    if p and p.wait() != 0:
        die(f"zstd failed on {path}")
    return "sha256:" + h.hexdigest()


def check_layout(layout, label):
    """Every blob's digest, and each manifest's config diff_ids against its layers."""
    blobs = os.path.join(layout, "blobs", "sha256")
    for name in os.listdir(blobs):
        if sha256_file(os.path.join(blobs, name)) != name:
            die(f"{label}: blob {name} does not match its digest")

    def blob(desc):
        with open(os.path.join(blobs, desc["digest"].split(":", 1)[1]), "rb") as f:
            return json.load(f)

    with open(os.path.join(layout, "index.json")) as f:
        todo = list(json.load(f)["manifests"])
    checked = 0
    while todo:
        desc = todo.pop()
        doc = blob(desc)
        if "manifests" in doc:
            todo.extend(doc["manifests"])
            continue
        cfg = blob(doc["config"])
        diff_ids = cfg["rootfs"]["diff_ids"]
        if len(diff_ids) != len(doc["layers"]):
            die(f"{label}: {desc['digest']} has {len(doc['layers'])} layers, {len(diff_ids)} diff_ids")
        for want, layer in zip(diff_ids, doc["layers"]):
            got = decompressed_sha256(os.path.join(blobs, layer["digest"].split(":", 1)[1]),
                                      layer["mediaType"])
            if got != want:
                die(f"{label}: layer {layer['digest']} decompresses to {got}, config says {want}")
        checked += 1
    print(f"verify: {label}: {checked} manifest(s), all blobs and diff_ids match")


def apply_layer_tar(tree, tar_path):
    """Apply one layer tar over tree (path -> (kind, mode, size, link)); return what it removed.

    Whiteouts apply to lower layers only, so they are handled before this layer's own files
    (a layer's tar may list an opaque marker after the new files in the same directory).
    """
    with tarfile.open(tar_path, "r:") as tf:
        members = list(tf)
    removed = {"deleted": [], "hiddenByOpaque": []}
    for m in members:
        name = norm(m.name)
        base, parent = os.path.basename(name), os.path.dirname(name)
        if base == ".wh..wh..opq":
            gone = sorted(k for k in tree if k.startswith(parent + "/"))
            removed["hiddenByOpaque"].extend("/" + k for k in gone)
        elif base.startswith(".wh."):
            target = os.path.join(parent, base[4:])
            gone = sorted(k for k in tree if k == target or k.startswith(target + "/"))
            removed["deleted"].extend("/" + k for k in gone)
        else:
            continue
        for k in gone:
            del tree[k]
    for m in members:
        name = norm(m.name)
        if not name or os.path.basename(name).startswith(".wh."):
            continue
        if m.islnk():
            src = tree.get(norm(m.linkname))
            if src is None:
                die(f"{tar_path}: hard link {name} -> {m.linkname} has no target")
            tree[name] = (src[0], m.mode & 0o7777, src[2], "")
            continue
        kind = "dir" if m.isdir() else "sym" if m.issym() else "reg" if m.isfile() else "other"
        if kind != "dir" and name in tree and tree[name][0] == "dir":
            for k in [k for k in tree if k.startswith(name + "/")]:
                del tree[k]
        tree[name] = (kind, m.mode & 0o7777, m.size if kind == "reg" else 0,
                      m.linkname if kind == "sym" else "")
    return removed


def merge_layers(tars):
    """Apply layer tars in order with whiteouts; map path -> (kind, mode, size, link)."""
    tree = {}
    for tar_path in tars:
        apply_layer_tar(tree, tar_path)
    return tree


def rootfs_tree(root):
    tree = {}
    for rel, meta in scan_tree(root).items():
        kind = ("dir" if stat.S_ISDIR(meta[0]) else "sym" if stat.S_ISLNK(meta[0])
                else "reg" if stat.S_ISREG(meta[0]) else "other")
        tree[rel] = (kind, meta[1], meta[4], meta[6])
    return tree


def cmd_verify(args):
    (spec_path,) = args
    spec = load_spec(spec_path)
    # docker-archive: layer.tar digests vs the config's diff_ids
    with tarfile.open(spec["outputs"]["dockerArchive"], "r:") as tf:
        manifest = json.load(tf.extractfile("manifest.json"))[0]
        cfg = json.load(tf.extractfile(manifest["Config"]))
        for want, lp in zip(cfg["rootfs"]["diff_ids"], manifest["Layers"]):
            h = hashlib.sha256()
            f = tf.extractfile(lp)
            while True:
                b = f.read(CHUNK)
                if not b:
                    break
                h.update(b)
            if "sha256:" + h.hexdigest() != want:
                die(f"docker-archive: {lp} is sha256:{h.hexdigest()}, config says {want}")
    print(f"verify: docker-archive: {len(manifest['Layers'])} layer.tar digests match diff_ids")
    for label, layout in spec["layouts"].items():
        check_layout(layout, label)
    merged = merge_layers([l["tar"] for l in spec["layers"]])
    actual = rootfs_tree(spec["rootfs"])
    for top in EXCLUDED_TOP:
        for k in [k for k in merged if k.startswith(top + "/")]:
            del merged[k]
    diffs = []
    for k in sorted(set(merged) | set(actual)):
        a, b = merged.get(k), actual.get(k)
        if a is None or b is None or a[0] != b[0] or a[2] != b[2] or a[3] != b[3] or \
                (a[0] != "sym" and a[1] != b[1]):
            diffs.append(f"  {k}: layers {a} rootfs {b}")
    if diffs:
        die("merged layers differ from the rootfs:\n" + "\n".join(diffs[:20]))
    print(f"verify: merging the {len(spec['layers'])} layer tars gives the rootfs exactly "
          f"({len(actual)} paths)")


COMMANDS = {"snapshot": cmd_snapshot, "diff": cmd_diff, "awskey": cmd_awskey,
            "sshkey": cmd_sshkey, "pack": cmd_pack, "multiarch": cmd_multiarch,
            "expected": cmd_expected, "verify": cmd_verify}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        die("usage: pack-image.py {" + ",".join(COMMANDS) + "} ARGS...")
    COMMANDS[sys.argv[1]](sys.argv[2:])
