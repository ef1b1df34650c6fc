#!/usr/bin/python3
"""Serves Annex-B H.264 files as looping RTSP streams, like fixed IP cameras, for tests and demos.

    /usr/bin/python3 scripts/rtsp_server.py --port 8554 --stream street=samples/street.h264 [--stream ...]

Prints "READY rtsp://HOST:PORT/" once listening; exits cleanly on SIGTERM or SIGINT.
Files must have no B-frames. An elementary stream is looped with multifilesrc because looping by seeking
in an .mp4 crashed the server with several clients (see /work/shared/RTSP.md).
"""
import argparse
import os
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8554)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--stream", action="append", required=True, metavar="NAME=FILE",
                        help="serve FILE (Annex-B H.264) at rtsp://BIND:PORT/NAME; repeatable")
    args = parser.parse_args()
    streams = {}
    for spec in args.stream:
        name, sep, path = spec.partition("=")
        if not sep or not name or not path:
            parser.error(f"--stream wants NAME=FILE, got {spec!r}")
        if not os.path.isfile(path):
            parser.error(f"no such file: {path}")
        streams[name.strip("/")] = os.path.abspath(path)
    return args, streams


DEFAULT_FPS = 25


def launch_line(path):
    # Gst launch syntax: quote the location so paths with spaces work.
    location = path.replace("\\", "\\\\").replace('"', '\\"')
    return (f'( multifilesrc location="{location}" loop=true caps="video/x-h264,stream-format=byte-stream" '
            f"! h264parse name=parse ! video/x-h264,alignment=au "
            f"! rtph264pay name=pay0 pt=96 config-interval=1 )")


class LoopingFileFactory(GstRtspServer.RTSPMediaFactory):
    """A media factory whose pipeline stamps each access unit with frame-index timestamps.

    An elementary stream carries no timestamps and h264parse adds none, so without this the server would push
    the file as fast as it can be read. Counting frames keeps time monotonic across loops and paces the stream
    at the file's frame rate, like a live camera.
    """

    def __init__(self, path):
        super().__init__()
        self.path = path

    def do_create_element(self, url):
        element = Gst.parse_launch(launch_line(self.path))
        parse_src = element.get_by_name("parse").get_static_pad("src")
        frames = [0]

        def stamp(pad, info):
            fps = DEFAULT_FPS
            caps = pad.get_current_caps()
            if caps is not None:
                ok, num, den = caps.get_structure(0).get_fraction("framerate")
                if ok and num > 0 and den > 0:
                    fps = num / den
            frame_ns = int(Gst.SECOND / fps)
            buf = info.get_buffer()
            buf.pts = buf.dts = frames[0] * frame_ns
            buf.duration = frame_ns
            frames[0] += 1
            return Gst.PadProbeReturn.OK

        parse_src.add_probe(Gst.PadProbeType.BUFFER, stamp)
        return element


def main():
    args, streams = parse_args()
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address(args.bind)
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    for name, path in streams.items():
        factory = LoopingFileFactory(path)
        factory.set_shared(True)  # one pipeline per stream however many clients, like one camera
        mounts.add_factory("/" + name, factory)

    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        print(f"cannot listen on {args.bind}:{args.port}", file=sys.stderr, flush=True)
        return 1
    for signum in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, lambda *_: (loop.quit(), False)[1])
    print(f"READY rtsp://{args.bind}:{server.get_bound_port()}/", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
