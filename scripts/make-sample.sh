#!/usr/bin/env bash
# Builds the demo camera samples/street.mp4 and samples/street.h264 from files shipped in Debian packages:
# opencv-doc's vtest.avi (a real street scene) with a real vehicle picture from darknet's dog.jpg (a pickup truck)
# driven across it along the road in both directions, a painted stop line and a drawn signal head: a staged scene
# with legal traffic, one red-light violation and one wrong-way drive in every 60 s loop (timeline below).
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

# THE 60 s LOOP (times are seconds into each loop; the loop repeats identically every 60 s when replayed).
# Coordinates here are vtest.avi pixels (768x576); config/wardwatch.yaml has them in analysis pixels (640x480, x5/6).
# Road: two lanes along vtest.avi's road, eastbound (near, lower) and westbound (far, upper). A vehicle in a lane
# rests its wheels on that lane's centre line, y = BASE + SLOPE*x under its centre:
#   eastbound y = 275 + 0.21x (allowed direction: left to right), westbound y = 212 + 0.16x (right to left).
# Stop line: white, vertical at x = 330 across the eastbound lane (y 305..385, the lane's width there).
# Signal head for the eastbound lane: dark housing 32x88 at (448, 40), red top, yellow middle, green bottom:
#   green 0-30 s, yellow 30-33 s, red 33-60 s.
# Passes of the pickup truck (each enters at one edge and leaves at the other in 7 s, ~143 px/s; "crosses" is when
# the centre of its bottom edge, the anchor that counting and the rules use, is on the stop line; its front is there
# 0.8 s earlier):
#   1.  1-8 s   eastbound in the eastbound lane: crosses the stop line at about 4.1 s, GREEN (legal)
#   2. 11-18 s  eastbound in the eastbound lane: crosses at about 14.1 s, GREEN (legal)
#   3. 21-28 s  EASTBOUND IN THE WESTBOUND LANE: WRONG WAY over the whole width (~1000 px in 7 s); it stays
#               clear of the stop line, which spans only the eastbound lane
#   4. 33-40 s  westbound in the westbound lane (legal; no stop line on its side)
#   5. 43-50 s  eastbound in the eastbound lane: crosses at about 46.1 s, 13 s after the change to RED (front at
#               45.3 s): the RED-LIGHT VIOLATION
#   6. 51-58 s  westbound in the westbound lane (legal)
# No two vehicles are on screen at once, so each is detected and tracked on its own. Checked through the replay
# path (CenterNet 448 + ByteTrack at 640x480, 5 fps, count lines on the stop line and across the westbound lane):
# stop line crossed eastbound at 4.4, 14.4 and 46.4 s (analysis frames), the westbound lane crossed eastbound at
# 24.2 s (wrong way) and westbound at 37.0 and 55.0 s, nothing else; SignalStateClassifier on the head's region
# read all 300 analysis frames as scheduled. dog.jpg's bicycle (behind the
# dog) and the small motorbike in its corner are not found by the detector at any size, so only the truck drives.
truck_w=232; truck_h=110   # crop of the pickup in dog.jpg, kept at full size (~230 px wide)
# x of the object's left edge at loop time p = mod(t, 60); off screen (x=-2000) outside the pass.
east() { # $1=start $2=end $3=object width
    echo "if(between(mod(t\,60)\,$1\,$2)\,-$3+(mod(t\,60)-$1)/($2-$1)*(768+$3)\,-2000)"
}
west() {
    echo "if(between(mod(t\,60)\,$1\,$2)\,768-(mod(t\,60)-$1)/($2-$1)*(768+$3)\,-2000)"
}
# y of the object's top so that its bottom sits on the lane line under its centre.
lane() { # $1=base $2=slope
    echo "$1+$2*(x+overlay_w/2)-overlay_h"
}
EAST_LANE="275 0.21"
WEST_LANE="212 0.16"

# The signal head, drawn per pixel (geq): lamps of radius 11 at (16,16) red, (16,44) yellow, (16,72) green. The lit
# lamp is a bright saturated disc with a glow fading over 5 px; unlit lamps are dim; the housing is dark grey.
# ld(1) = centre y of the lit lamp, from the phase: green before 30 s, yellow before 33 s, red after.
lit="st(0\,mod(T\,60));st(1\,if(lt(ld(0)\,30)\,72\,if(lt(ld(0)\,33)\,44\,16)));st(2\,hypot(X-16\,Y-ld(1)));"
lit+="st(3\,if(lt(ld(2)\,11)\,1\,if(lt(ld(2)\,16)\,(16-ld(2))/5*0.8\,0)));"
head_channel() { # $1 $2 $3 = dim red, dim yellow, dim green value; $4 $5 $6 = lit red, lit yellow, lit green value
    local unlit="if(lt(hypot(X-16\,Y-16)\,11)\,$1\,if(lt(hypot(X-16\,Y-44)\,11)\,$2\,"
    unlit+="if(lt(hypot(X-16\,Y-72)\,11)\,$3\,26)))"
    local colour="if(eq(ld(1)\,16)\,$4\,if(eq(ld(1)\,44)\,$5\,$6))"
    echo "${lit}${unlit}*(1-ld(3))+${colour}*ld(3)"
}
head="color=c=black:s=32x88:r=10,format=gbrp,"
head+="geq=r='$(head_channel 55 55 8 255 255 20)':g='$(head_channel 12 45 50 25 190 230)':"
head+="b='$(head_channel 12 8 20 20 0 90)'"

# Painted stop line and the signal's pole, under the vehicles.
paint="drawbox=x=327:y=305:w=6:h=80:color=white@0.95:t=fill,drawbox=x=461:y=128:w=6:h=60:color=0x404040:t=fill"

filter="[1:v]crop=${truck_w}:${truck_h}:462:64,split=6[te1][te2][te3][te4][tw0][tw1];[tw0]hflip[tw2];[tw1]hflip[tw3];"
filter+="${head}[head];"
filter+="[0:v]${paint}[p0];"
filter+="[p0][te1]overlay=x='$(east 1 8 $truck_w)':y='$(lane $EAST_LANE)':eval=frame[v1];"
filter+="[v1][te2]overlay=x='$(east 11 18 $truck_w)':y='$(lane $EAST_LANE)':eval=frame[v2];"
filter+="[v2][te3]overlay=x='$(east 21 28 $truck_w)':y='$(lane $WEST_LANE)':eval=frame[v3];"
filter+="[v3][tw2]overlay=x='$(west 33 40 $truck_w)':y='$(lane $WEST_LANE)':eval=frame[v4];"
filter+="[v4][te4]overlay=x='$(east 43 50 $truck_w)':y='$(lane $EAST_LANE)':eval=frame[v5];"
filter+="[v5][tw3]overlay=x='$(west 51 58 $truck_w)':y='$(lane $WEST_LANE)':eval=frame[v6];"
filter+="[v6][head]overlay=x=448:y=40:shortest=1,format=yuv420p[out]"

echo "encoding $MP4"
ffmpeg -hide_banner -loglevel error -y \
    -i "$BACKGROUND" \
    -loop 1 -framerate 10 -i "$PICTURE" \
    -filter_complex "$filter" -map "[out]" -t 60 -r 10 \
    -c:v libx264 -preset medium -crf 23 -bf 0 -g 20 -keyint_min 20 -sc_threshold 0 \
    -pix_fmt yuv420p -movflags +faststart -an "$TMP_MP4"

# Annex-B elementary stream for the RTSP server (multifilesrc loops it without seeking).
ffmpeg -hide_banner -loglevel error -y -i "$TMP_MP4" -c copy -bsf:v h264_mp4toannexb -f h264 "$TMP_H264"

mv -f "$TMP_MP4" "$MP4"
mv -f "$TMP_H264" "$H264"
echo "wrote $MP4 and $H264"
