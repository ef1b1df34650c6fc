#!/usr/bin/env bash
# Builds the demo camera samples/street.mp4 and samples/street.h264 from files shipped in Debian packages:
# opencv-doc's vtest.avi (a real street scene) with real vehicle pictures from darknet's dog.jpg (a pickup
# truck and a bicycle) driven across it along the road, several passes in both directions.
# Output: H.264, yuv420p, no B-frames (like a camera), keyframe every 2 s, 60 s at 10 fps, 768x576.
# Idempotent: does nothing when both outputs exist and are newer than this script.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT_DIR="$ROOT/samples"
MP4="$OUT_DIR/street.mp4"
H264="$OUT_DIR/street.h264"
SELF="${BASH_SOURCE[0]}"
BACKGROUND=/usr/share/doc/opencv-doc/examples/data/vtest.avi
PICTURE=/usr/share/darknet/data/dog.jpg

if [[ -s "$MP4" && -s "$H264" && "$MP4" -nt "$SELF" && "$H264" -nt "$SELF" ]]; then
    echo "samples up to date: $MP4 $H264"
    exit 0
fi

apt_install() {
    local sudo=""
    if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
    # A stale package index makes installs fail; refresh once and retry.
    $sudo apt-get install -y --no-install-recommends "$@" \
        || { $sudo apt-get update && $sudo apt-get install -y --no-install-recommends "$@"; }
}

missing=()
[[ -f "$BACKGROUND" ]] || missing+=(opencv-doc)
[[ -f "$PICTURE" ]] || missing+=(darknet)
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
if ((${#missing[@]})); then
    echo "installing Debian packages: ${missing[*]}"
    apt_install "${missing[@]}"
fi

mkdir -p "$OUT_DIR"
TMP_MP4="$MP4.tmp.mp4"
TMP_H264="$H264.tmp"
trap 'rm -f "$TMP_MP4" "$TMP_H264"' EXIT

# Road through vtest.avi: its near edge runs from about (0,285) to (768,440). A vehicle whose centre is at
# x rests its wheels on y = BASE + SLOPE*x. Each vehicle comes round every PERIOD s, crossing in CROSS s,
# eastbound in the near lane, then (half a period later, mirrored) westbound in the far lane.
# x(te) for te = time into the period; off screen (x=-2000) when not crossing.
truck_w=232; truck_h=110   # crop of the pickup in dog.jpg, kept at full size (~230 px wide)
bike_w=250                 # bicycle scaled to ~250 px wide
east() { # $1=period $2=offset $3=cross seconds $4=object width
    echo "if(lt(mod(t+$1-$2\,$1)\,$3)\,-$4+mod(t+$1-$2\,$1)/$3*(768+$4)\,-2000)"
}
west() {
    echo "if(lt(mod(t+$1-$2\,$1)\,$3)\,768-mod(t+$1-$2\,$1)/$3*(768+$4)\,-2000)"
}
# y of the object's top so that its bottom sits on the lane line under its centre.
lane() { # $1=base $2=slope
    echo "$1+$2*(x+overlay_w/2)-overlay_h"
}

filter="[1:v]crop=${truck_w}:${truck_h}:462:64,split[te][tw0];[tw0]hflip[tw];"
filter+="[2:v]crop=452:290:120:134,scale=${bike_w}:-2,split[bw][be0];[be0]hflip[be];"
filter+="[0:v][te]overlay=x='$(east 15 0 7 $truck_w)':y='$(lane 300 0.19)':eval=frame[v1];"
filter+="[v1][tw]overlay=x='$(west 15 7.5 7 $truck_w)':y='$(lane 262 0.12)':eval=frame[v2];"
filter+="[v2][bw]overlay=x='$(west 20 3 11 $bike_w)':y='$(lane 282 0.16)':eval=frame[v3];"
filter+="[v3][be]overlay=x='$(east 20 13 11 $bike_w)':y='$(lane 318 0.20)':eval=frame,format=yuv420p[out]"

echo "encoding $MP4"
ffmpeg -hide_banner -loglevel error -y \
    -i "$BACKGROUND" \
    -loop 1 -framerate 10 -i "$PICTURE" \
    -loop 1 -framerate 10 -i "$PICTURE" \
    -filter_complex "$filter" -map "[out]" -t 60 -r 10 \
    -c:v libx264 -preset medium -crf 23 -bf 0 -g 20 -keyint_min 20 -sc_threshold 0 \
    -pix_fmt yuv420p -movflags +faststart -an "$TMP_MP4"

# Annex-B elementary stream for the RTSP server (multifilesrc loops it without seeking).
ffmpeg -hide_banner -loglevel error -y -i "$TMP_MP4" -c copy -bsf:v h264_mp4toannexb -f h264 "$TMP_H264"

mv -f "$TMP_MP4" "$MP4"
mv -f "$TMP_H264" "$H264"
echo "wrote $MP4 and $H264"
