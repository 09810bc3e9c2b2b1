#!/usr/bin/env bash
# ffmpeg/ffprobe: tests decode the MP3s and list their ID3 chapters; encode_opus and non-WAV
# music beds use ffmpeg at run time. espeak-ng: optional real-speech loudness test.
set -euo pipefail
if ! command -v ffprobe >/dev/null || ! command -v espeak-ng >/dev/null; then
  apt-get update
  apt-get install -y --no-install-recommends ffmpeg espeak-ng
fi
