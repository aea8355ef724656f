# fish completion for kcurl. Load it with: kcurl completion fish | source
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
        printf '%s\n' $out
    else if test (math "bitand($directive, 4)") -eq 0
        __fish_complete_path "$cur"
    end
end
complete -c kcurl -f -a '(__kcurl_complete)'
