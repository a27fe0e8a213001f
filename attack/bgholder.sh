#!/bin/sh
# leave a background process on the terminal, ignoring SIGHUP, writing late
trap '' HUP
( trap '' HUP; sleep 3; echo LATE-FROM-CONTAINER; sleep 100 ) &
printf '\033[?1049h\033[?1000h\033[?2004l\033[c'
echo FG-DONE
