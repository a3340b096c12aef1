# Sourced by ./mvnw and ./txstack: picks a JDK 21 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME if it is 21+, then `java` on PATH if it is 21+, then the newest 21+ JDK found in the usual
# install folders. The project targets Java 21; the default `java` on many machines is older.

txstack_java_major() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

txstack_find_jdk() {
  local need=21 candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(txstack_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$need" ]; then export JAVA_HOME; return 0; fi
  fi
  if command -v javac >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(txstack_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$need" ]; then export JAVA_HOME="$candidate"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/*jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home \
                   "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(txstack_java_major "$candidate/bin/java")
    [ -n "$major" ] && [ "$major" -ge "$need" ] && [ "$major" -gt "$best_major" ] || continue
    best=$candidate; best_major=$major
  done
  if [ -n "$best" ]; then export JAVA_HOME="$best"; return 0; fi
  local on_path=none
  if command -v java >/dev/null 2>&1; then on_path=$(java -version 2>&1 | head -n 1); fi
  echo "txstack: no JDK $need or newer found (JAVA_HOME=${JAVA_HOME:-unset}; java on PATH: $on_path)." >&2
  echo "txstack: install one, e.g. 'apt-get install openjdk-21-jdk' or a Temurin 21+ JDK, or point JAVA_HOME at it." >&2
  return 1
}
