# Read by the kernel's bash instead of ~/.bashrc. The kernel detects the end of each
# command line by a marker it prints itself, so prompts are silenced entirely.
PS1=''
PS2=''
PS0=''
unset PROMPT_COMMAND HISTFILE
# No history: no `!` surprises in code and no memory growing with every cell.
set +o history +o histexpand
# Without job control every command stays in the terminal's process group, so one
# Ctrl-C from the kernel reaches both bash and whatever it is running.
set +o monitor
shopt -s expand_aliases
shopt -u checkwinsize
export TERM=dumb PAGER=cat GIT_PAGER=cat MANPAGER=cat SYSTEMD_PAGER=cat
# -onlcr: output keeps plain \n; noflsh: Ctrl-C must not discard output not yet read.
stty -echo -onlcr noflsh 2>/dev/null
