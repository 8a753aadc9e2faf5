package org.flowmatch4j.fm;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting with an impossible value. The message is a template in which each setting stands as
 * {@code {name}} (lower case words joined by hyphens, e.g. {@code {weight-decay}}): {@link
 * #getMessage()} writes the bare name ("weight-decay must be ..."), and a front end writes its own
 * spelling with {@link #message(UnaryOperator)} (a command line: "--weight-decay must be ...").
 */
public class InvalidSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private static final Pattern SETTING = Pattern.compile("\\{([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\\}");
  /** The message with each setting written as {@code {name}}. */
  private final String template;

  /** @param template the message, each setting written as {@code {name}} */
  public InvalidSettingException(String template) {
    super(render(template, UnaryOperator.identity()));
    this.template = template;
  }

  /**
   * @param template the message, each setting written as {@code {name}}
   * @param cause what found the value impossible
   */
  public InvalidSettingException(String template, Throwable cause) {
    super(render(template, UnaryOperator.identity()), cause);
    this.template = template;
  }

  /** The message with each setting's name given by {@code spelling}. */
  public String message(UnaryOperator<String> spelling) {
    return render(template, spelling);
  }

  private static String render(String template, UnaryOperator<String> spelling) {
    Matcher m = SETTING.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(spelling.apply(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }
}
