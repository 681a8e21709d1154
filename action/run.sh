#!/usr/bin/env bash
# The o365doctor GitHub Action's one step (action.yml passes every input as INPUT_<NAME> in the environment).
# Runs `o365doctor check` once, keeps the JSON report plus the asked-for formats, writes the Markdown report to the
# job summary, sets the verdict / exit-code / report-path outputs and exits with o365doctor's exit code, so the step
# fails exactly when the gate does. Runs as well outside GitHub (the tests give it a fake GITHUB_* environment).
set -uo pipefail

input() { printf '%s' "${!1:-}"; }
note() { printf 'o365doctor action: %s\n' "$*" >&2; }

out_dir="$(input INPUT_OUTPUT_DIR)"
out_dir="${out_dir:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/o365doctor}"
mkdir -p "$out_dir" || { note "cannot create the output directory $out_dir"; exit 2; }
json="$out_dir/o365doctor.json"
markdown="$out_dir/o365doctor.md"
stderr_file="$out_dir/o365doctor.stderr"
rm -f "$json" "$markdown" "$stderr_file"

# --- the CLI: the tests (and a checkout of this repository) set O365DOCTOR_BIN; else the package from npm, in the
# version of this action's own package.json unless the `version` input says otherwise.
if [ -n "${O365DOCTOR_BIN:-}" ]; then
  cli=(node "$O365DOCTOR_BIN")
else
  version="$(input INPUT_VERSION)"
  if [ -z "$version" ] && [ -f "${GITHUB_ACTION_PATH:-.}/package.json" ]; then
    version="$(node -p 'require(process.argv[1]).version' "${GITHUB_ACTION_PATH:-.}/package.json" 2>/dev/null || true)"
  fi
  version="${version:-latest}"
  if ! command -v o365doctor >/dev/null 2>&1 || [ "$(o365doctor --version 2>/dev/null | sed -n 's#^o365doctor/\([^ ]*\).*#\1#p')" != "$version" ]; then
    note "installing o365doctor@$version"
    npm install --global --no-audit --no-fund --loglevel=error "o365doctor@$version" >&2 || { note "npm install o365doctor@$version failed"; exit 2; }
  fi
  cli=(o365doctor)
fi

# --- the command line
args=(check --report "json=$json" --report "markdown=$markdown")
add() { local value; value="$(input "$2")"; [ -n "$value" ] && args+=("$1" "$value"); return 0; }
add --lab INPUT_LAB
add --config INPUT_CONFIG
add --product INPUT_PRODUCT
add --protocols INPUT_PROTOCOLS
add --mailbox INPUT_MAILBOX
add --from INPUT_FROM
add --tenant INPUT_TENANT
add --client-id INPUT_CLIENT_ID
add --waivers INPUT_WAIVERS
add --baseline INPUT_BASELINE
add --wait INPUT_WAIT
add --fail-on INPUT_FAIL_ON
add --federated INPUT_FEDERATED

# Credentials never go on the command line (other processes can read it): the secret through the variable the CLI
# reads, a certificate given as content (a secret) through a private file removed on exit.
secret="$(input INPUT_CLIENT_SECRET)"
[ -n "$secret" ] && export AZURE_CLIENT_SECRET="$secret"
unset secret
certificate="$(input INPUT_CERTIFICATE)"
if [ -n "$certificate" ]; then
  if [ -f "$certificate" ]; then
    args+=(--certificate "$certificate")
  else
    cert_file="$(umask 077 && mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/o365doctor-cert.XXXXXX")"
    trap 'rm -f "$cert_file"' EXIT
    if [[ "$certificate" == *"-----BEGIN"* ]]; then printf '%s\n' "$certificate" >"$cert_file"
    else printf '%s' "$certificate" | base64 -d >"$cert_file" 2>/dev/null || { note "the certificate input is neither a file, PEM text nor base64"; exit 2; }
    fi
    args+=(--certificate "$cert_file")
  fi
fi
unset certificate
password="$(input INPUT_CERTIFICATE_PASSWORD)"
[ -n "$password" ] && export AZURE_CLIENT_CERTIFICATE_PASSWORD="$password"
unset password

IFS=', ' read -r -a formats <<<"$(input INPUT_FORMAT)"
for format in "${formats[@]}"; do
  case "$format" in
    '' | json | markdown) ;;
    junit) args+=(--report "junit=$out_dir/o365doctor.junit.xml") ;;
    html) args+=(--report "html=$out_dir/o365doctor.html") ;;
    *) note "format \"$format\" is not one of json, junit, markdown, html"; exit 2 ;;
  esac
done
if [ -n "$(input INPUT_ARGS)" ]; then
  read -r -a extra <<<"$(input INPUT_ARGS)"
  args+=("${extra[@]}")
fi

# --- run: the table goes to the log; stderr is kept for the summary when nothing ran
# Server replies end up in the table; a line of theirs starting with "::" must not become a workflow command, so
# command processing is paused while untrusted text is printed (GitHub's stop-commands).
pause="$(node -p 'require("crypto").randomBytes(16).toString("hex")')"
[ -n "${GITHUB_ACTIONS:-}" ] && echo "::stop-commands::$pause"
"${cli[@]}" "${args[@]}" 2>"$stderr_file"
code=$?
cat "$stderr_file" >&2
[ -n "${GITHUB_ACTIONS:-}" ] && echo "::$pause::"

verdict=error
if [ -f "$json" ]; then
  verdict="$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).verdict' "$json" 2>/dev/null || echo error)"
fi

# One annotation per cause that counts, so the run's page shows what to fix without opening the log. Workflow
# command data escapes %, CR and LF; the title also , and :.
if [ -f "$json" ] && [ "$code" != 0 ]; then
  node -e '
    const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
    const data = (s) => String(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A")
    const prop = (s) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C")
    for (const c of report.causes.filter((c) => !c.waived && c.severity !== "info"))
      console.log(`::${c.severity === "error" ? "error" : "warning"} title=${prop("o365doctor " + c.id)}::${data(c.summary)}`)
  ' "$json" || true
fi

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  if [ -f "$markdown" ]; then
    # GitHub refuses a step summary over 1 MiB; the full report stays in the report files.
    if [ "$(wc -c <"$markdown")" -gt 1000000 ]; then
      { head -c 990000 "$markdown"; printf '\n\n*(cut at 1 MB: the whole report is in %s)*\n' "$markdown"; } >>"$GITHUB_STEP_SUMMARY"
    else
      cat "$markdown" >>"$GITHUB_STEP_SUMMARY"
    fi
  else
    {
      echo "## ❌ o365doctor could not run (exit code $code)"
      echo
      echo '```text'
      tail -n 5 "$stderr_file" | sed 's/```/` ` `/g'
      echo '```'
    } >>"$GITHUB_STEP_SUMMARY"
  fi
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "verdict=$verdict"
    echo "exit-code=$code"
    echo "report-path=$([ -f "$json" ] && echo "$json")"
    echo "report-dir=$out_dir"
  } >>"$GITHUB_OUTPUT"
fi
exit "$code"
