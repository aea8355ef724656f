// The shell scripts `kcurl completion` prints. Each is a thin adapter: on Tab it runs `kcurl __complete WORD…`
// (the words after kcurl, the last one the word being completed) and offers the lines it prints. The last line
// is `:N`, cobra's directive bits (1 error, 2 no space after the word, 4 no file names), so the logic lives once,
// in complete.ts, and the scripts only translate for their shell.

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const BASH = `# bash completion for kcurl. Load it with: source <(kcurl completion bash)
# On Tab it runs 'kcurl __complete WORD...' and offers the candidates it prints (the last line, :N, says how).
__kcurl_complete() {
    local words=() i w
    for (( i = 1; i <= COMP_CWORD; i++ )); do
        w=\${COMP_WORDS[i]}
        # COMP_WORDBREAKS splits --output=json into --output, =, json: join them back into one word.
        if (( \${#words[@]} )) && [[ $w == "=" || \${COMP_WORDS[i-1]} == "=" ]]; then
            words[-1]+=$w
        else
            words+=("$w")
        fi
    done
    (( \${#words[@]} )) || words=("")
    local out
    out=$("\${COMP_WORDS[0]}" __complete "\${words[@]}" 2>/dev/null) || return 0
    local lines=()
    mapfile -t lines <<< "$out"
    local directive=\${lines[-1]#:}
    unset 'lines[-1]'
    [[ $directive == +([0-9]) ]] || return 0
    (( directive & 1 )) && return 0
    # bash replaces only the text after the last = of the word: drop what comes before it.
    local cur=\${words[-1]} strip=""
    if [[ $cur == *=* && \${COMP_WORDS[COMP_CWORD]} != "$cur" ]]; then strip=\${cur%=*}=; fi
    COMPREPLY=()
    local c
    for c in "\${lines[@]}"; do
        [[ -n $c ]] && COMPREPLY+=("\${c#"$strip"}")
    done
    if (( directive & 2 )); then compopt -o nospace 2>/dev/null; fi
    if (( \${#COMPREPLY[@]} == 0 && !(directive & 4) )); then compopt -o default 2>/dev/null; fi
    return 0
}
complete -F __kcurl_complete kcurl
`;

const ZSH = `#compdef kcurl
# zsh completion for kcurl. Load it with: source <(kcurl completion zsh)   (after compinit)
# On Tab it runs 'kcurl __complete WORD...' and offers the candidates it prints (the last line, :N, says how).
_kcurl() {
    local out directive
    local -a lines candidates
    out=$("\${words[1]}" __complete "\${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
    lines=("\${(@f)out}")
    directive=\${lines[-1]#:}
    candidates=("\${(@)lines[1,-2]}")
    (( directive & 1 )) && return 1
    if (( \${#candidates} )); then
        if (( directive & 2 )); then
            compadd -Q -S '' -- "\${candidates[@]}"
        else
            compadd -Q -- "\${candidates[@]}"
        fi
    elif (( ! (directive & 4) )); then
        _files
    fi
}
compdef _kcurl kcurl
`;

const FISH = `# fish completion for kcurl. Load it with: kcurl completion fish | source
# On Tab it runs 'kcurl __complete WORD...' and offers the candidates it prints (the last line, :N, says how).
function __kcurl_complete
    set -l args (commandline -opc)
    set -e args[1]
    set -l cur (commandline -ct)
    set -l out (kcurl __complete $args "$cur" 2>/dev/null)
    or return
    set -l directive (string replace ':' '' -- $out[-1])
    set -e out[-1]
    if test (math "bitand($directive, 1)") -ne 0
        return
    end
    if test (count $out) -gt 0
        printf '%s\\n' $out
    else if test (math "bitand($directive, 4)") -eq 0
        __fish_complete_path "$cur"
    end
end
complete -c kcurl -f -a '(__kcurl_complete)'
`;

export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell];
}
