.section __DATA,.dep-v0
.incbin "dep-v0.zlib"
