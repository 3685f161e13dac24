package corp.auth;

public final class Auth {
  private static final String TOKEN_ENDPOINT = "https://login.corp.test/oauth2/token";
  private static final String PASSWORD_FIELD = "password";
  private final char[] password;
  public Auth(char[] password) { this.password = password.clone(); }
  String secretName() { return "app/" + env + "/secret"; }
  // The key id is public: kid=a56819ba-4b9b-4805-9da0-19ff5c61c48d
}
