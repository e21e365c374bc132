"""Counting decoder damage from ffmpeg's stderr (line shapes as ffmpeg 5.1-7 print them)."""

from __future__ import annotations

from processors.damage import DecodeDamage

TAGGED = [  # -loglevel level+info, as the merge runs ffmpeg
    "[h264 @ 0x55893affa440] [error] corrupted macroblock 16 12 (total_coeff=16)",
    "[h264 @ 0x55893affa440] [error] error while decoding MB 16 12",
    "[h264 @ 0x55893affa440] [error] concealing 120 DC, 120 AC, 120 MV errors in P frame",
    "[h264 @ 0x55893affa440] [error] error while decoding MB 3 1",
    "[h264 @ 0x55893affa440] [error] concealing 80 DC, 80 AC, 80 MV errors in B frame",
    "[NULL @ 0x555a51ae5fc0] [error] Invalid NAL unit size (-1706074381 > 3929).",  # the parser: a repeat
    "[mpegts @ 0x1] [error] Packet corrupt (stream = 0, dts = 1)",  # the demuxer: not a decoded frame
    "[aac @ 0x555a51b25a40] [error] invalid band type",
    "[aac @ 0x555a51b25a40] [error] Reserved bit set.",
    "[error] Error while decoding stream #1:1: Invalid data found when processing input",
    "[h264 @ 0x55893affa440] [info] no frame!",
    "[libx264 @ 0x55d5f12a2800] [info] kb/s:759.92",
]


def test_tagged_lines_count_frames_and_audio():
    damage = DecodeDamage()
    for line in TAGGED:
        damage(line)
    assert (damage.concealed, damage.slices, damage.audio) == (2, 2, 2)
    assert damage.frames == 2  # one concealment per damaged frame; its slice errors are the same frames
    text = damage.warning("a clip")
    assert text.startswith("a clip is damaged: about 2 video frames and 2 audio packets could not be decoded")
    assert "corrupted macroblock 16 12" in text and "[error]" not in text


def test_untagged_error_output_counts_too():
    damage = DecodeDamage()  # "-v error" prints no level tag: every decoder line is an error
    damage("[h264 @ 0x5630c4b24300] error while decoding MB 16 12")
    damage("[hevc @ 0x1] Could not find ref with POC 12")
    assert damage.slices == 1 and damage.other == 1 and damage.frames == 1
    assert "about 1 video frame could" in damage.warning()


def test_clean_run_says_nothing():
    damage = DecodeDamage()
    for line in ("[libx264 @ 0x1] [info] frame I:1", "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'x':",
                 "[mp4 @ 0x2] [warning] something harmless"):
        damage(line)
    assert not damage.damaged and damage.warning() is None
