#!/bin/sh
set -eu
curl -X POST -d "{\"text\":\"deployed\"}" https://hooks.slack.com/services/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
curl -H 'Content-Type: application/json' https://discord.com/api/webhooks/473716556977207131/FI9ob7uyQiDJUiBiSgilo4P1Ue1F1B9ztw-FDW6hkUokC-OI_9mo2wz-TzdgMFEyrxsP
echo dckr_pat_lWYZ-AVob59P7F-2bFFJiMHTXSX | docker login -u corpbot --password-stdin
export GH_FINE=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
git clone https://x-access-token:ghs_7NbB1ykxIFnJfiFWYucaT6vLyyqECoCwdHBW@github.com/corp/app.git
OAUTH=gho_ZABZVZO2cpZrm9xLYS4E1LJ8CRZkewie58jn USER2SERVER=ghu_u6Hg5Xp0MdUafL5HjNcsm9rrTMy8wQcgmx8m
REFRESH=ghr_mKXL7Qo0vd2HZnKVdnGyO2J4Ws7nMOpHfzwZEpk7L8wjmHydUVPRTd4l2OPTWRfpxPrAoUYBV2lI
curl -u deploy:p1lAax7RR2gixg&4 ftp://files.corp.test/upload
curl https://deploy:P1k5J2FMhIIG6tjIsB&5@artifacts.corp.test/upload
