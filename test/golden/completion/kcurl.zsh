#compdef kcurl
# zsh completion for kcurl. Load it with: source <(kcurl completion zsh)   (after compinit)
# On Tab it runs 'kcurl __complete WORD...' and offers the candidates it prints (the last line, :N, says how).
_kcurl() {
    local out directive
    local -a lines candidates
    out=$("${words[1]}" __complete "${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
    lines=("${(@f)out}")
    directive=${lines[-1]#:}
    candidates=("${(@)lines[1,-2]}")
    (( directive & 1 )) && return 1
    if (( ${#candidates} )); then
        if (( directive & 2 )); then
            compadd -Q -S '' -- "${candidates[@]}"
        else
            compadd -Q -- "${candidates[@]}"
        fi
    elif (( ! (directive & 4) )); then
        _files
    fi
}
compdef _kcurl kcurl
