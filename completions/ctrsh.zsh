#compdef ctrsh

__ctrsh_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__ctrsh_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __ctrsh_complete "${completions[@]:0:-1}"
    fi
}

__ctrsh_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_ctrsh() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar ___lang=('en' 'pt')
    local -ar arg_specs=(
        '-c[Run these commands and exit.]:commands:'
        '--check[Parse and validate the script without running anything.]'
        '--keep-going[Go on after a failing command; exit 1 at the end if any failed.]'
        '--demo[Play the script as a live demo\: comments as narration, each command typed out, run on Enter (s skips, q quits).]'
        '--auto[With --demo\: go on by itself after this long (e.g. 2s, 0).]:duration:'
        '--rehearse[With --demo\: play the talk unattended and report each step whose output changed since SCRIPT.rehearsal (the first rehearsal records it).]'
        '--cast[Record the terminal session (prompt, script or demo) as an asciicast v2 file.]:file:'
        '--lang[Speak this language\: en or pt (by default the one LC_ALL, LC_MESSAGES or LANG names).]:code:{__ctrsh_complete "${___lang[@]}"}'
        ':script:_files -g '\''*.ctrsh'\'''
        '*:arg:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        help)
            "_ctrsh_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_ctrsh_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
        '--version[Show the version.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

if [[ "${funcstack[1]}" = _ctrsh ]]; then
    _ctrsh "${@}"
else
    compdef _ctrsh ctrsh
fi
