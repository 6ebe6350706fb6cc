package io.actormq.protocol.remoting;

/**
 * The client implementation language a command claims, by RocketMQ's numbering. JSON headers carry
 * the name, binary headers the code.
 */
public enum LanguageCode {
  JAVA(0),
  CPP(1),
  DOTNET(2),
  PYTHON(3),
  DELPHI(4),
  ERLANG(5),
  RUBY(6),
  OTHER(7),
  HTTP(8),
  GO(9),
  PHP(10),
  OMS(11),
  RUST(12),
  NODE_JS(13);

  private static final LanguageCode[] BY_CODE = values();

  private final byte code;

  LanguageCode(int code) {
    this.code = (byte) code;
  }

  public byte code() {
    return code;
  }

  /**
   * The language for a wire code. Unknown codes map to {@link #OTHER}: the language is purely
   * informational, so a newer client must not be refused over it.
   */
  public static LanguageCode fromCode(int code) {
    // values() is declared in code order, so the ordinal is the code.
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : OTHER;
  }

  /**
   * The language for an enum name as found in JSON headers; unknown names map to {@link #OTHER}.
   */
  public static LanguageCode fromName(String name) {
    return switch (name) {
      case "JAVA" -> JAVA;
      case "CPP" -> CPP;
      case "DOTNET" -> DOTNET;
      case "PYTHON" -> PYTHON;
      case "DELPHI" -> DELPHI;
      case "ERLANG" -> ERLANG;
      case "RUBY" -> RUBY;
      case "HTTP" -> HTTP;
      case "GO" -> GO;
      case "PHP" -> PHP;
      case "OMS" -> OMS;
      case "RUST" -> RUST;
      case "NODE_JS" -> NODE_JS;
      default -> OTHER;
    };
  }
}
