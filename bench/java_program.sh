# Sourced by the bench scripts that run a Java program of bench/ against the product's jar, after
# they set root (the repository). Builds the jar through the launcher and sets jar, java (the JDK's
# java, JAVA_HOME if set) and tmp, a temporary directory removed on exit.
#
#   compile_bench FILE [JAVAC_OPTIONS...]   compiles bench/FILE into tmp with the jar on the class
#                                           path (the options e.g. --add-modules jdk.incubator.vector)
"$root/fm4j" --version >/dev/null 2>&1
jar="$root/fm4j-cli/target/fm4j.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

compile_bench() {
  local file="$1"
  shift
  "${JAVA_HOME:+$JAVA_HOME/bin/}javac" -nowarn "$@" -cp "$jar" -d "$tmp" "$root/bench/$file"
}
