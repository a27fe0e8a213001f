function __ctrsh_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __ctrsh_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __ctrsh_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __ctrsh_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __ctrsh_parse_tokens -S
    set -l unparsed_tokens (__ctrsh_tokens -pc)
    switch $unparsed_tokens[1]
    case 'ctrsh'
        __ctrsh_parse_subcommand -r 2 'c=' 'check' 'keep-going' 'demo' 'auto=' 'rehearse' 'cast=' 'lang=' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __ctrsh_parse_subcommand -r 1 'version'
        end
    end
end

function __ctrsh_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __ctrsh_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __ctrsh_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __ctrsh_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__ctrsh_tokens -p)
    if test -z "$(__ctrsh_tokens -t)"
        set -l index (count (__ctrsh_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'ctrsh' -f
complete -c 'ctrsh' -n '__ctrsh_should_offer_completions_for_flags_or_options "ctrsh" c' -s 'c' -d 'Run these commands and exit.' -rfka ''
complete -c 'ctrsh' -n '__ctrsh_should_offer_completions_for_flags_or_options "ctrsh" check' -l 'check' -d 'Parse and validate the script without running anything.'
complete -c 'ctrsh' -n '__ctrsh_should_offer_completions_for_flags_or_options "ctrsh" keep-going' -l 'keep-going' -d 'Go on after a failing command; exit 1 at the end if any failed.'
complete -c 'ctrsh' -n '__ctrsh_should_offer_completions_for_flags_or_options "ctrsh" demo' -l 'demo' -d 'Play the script as a live demo: comments as narration, each command typed out, run on Enter (s skips, q quits).'
complete -c 'ctrsh' -n '__ctrsh_should_offer_completions_for_flags_or_options "ctrsh" auto' -l 'auto' -d 'With --demo: go on by itself after this long (e.g. 2s, 0).' -rfka ''
complete -c 'ctrsh' -n '__ctrsh_should_offer_completions_for_flags_or_options "ctrsh" rehearse' -l 'rehearse' -d 'With --demo: play the talk unattended and report each step whose output changed since SCRIPT.rehearsal (the first rehearsal records it).'
complete -c 'ctrsh' -n '__ctrsh_should_offer_completions_for_flags_or_options "ctrsh" cast' -l 'cast' -d 'Record the terminal session (prompt, script or demo) as an asciicast v2 file.' -rfka ''
complete -c 'ctrsh' -n '__ctrsh_should_offer_completions_for_flags_or_options "ctrsh" lang' -l 'lang' -d 'Speak this language: en or pt (by default the one LC_ALL, LC_MESSAGES or LANG names).' -rfka 'en pt'
complete -c 'ctrsh' -n '__ctrsh_should_offer_completions_for_positional "ctrsh" -eq 1' -fa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'ctrsh\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'ctrsh' -n '__ctrsh_should_offer_completions_for_flags_or_options "ctrsh" version' -l 'version' -d 'Show the version.'
complete -c 'ctrsh' -n '__ctrsh_should_offer_completions_for_flags_or_options "ctrsh" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ctrsh' -n '__ctrsh_should_offer_completions_for_positional "ctrsh" -eq 2' -fa 'help' -d 'Show subcommand help information.'
complete -c 'ctrsh' -n '__ctrsh_should_offer_completions_for_flags_or_options "ctrsh help" version' -l 'version' -d 'Show the version.'
