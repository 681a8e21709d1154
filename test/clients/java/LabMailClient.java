// A product-shaped Jakarta Mail client (the stack of most Java products): app-only XOAUTH2 with the access token
// as the password, as the Jakarta Mail / JavaMail documentation tells products to do. Each argument is one job:
//   smtp:PORT:FROM:TO   send one message through smtp.office365.com (STARTTLS)
//   imap:PORT           open INBOX on outlook.office365.com (implicit TLS)
//   pop3:PORT           open INBOX over POP3 (implicit TLS)
// The mailbox comes from -Dlab.user, the token from the file named by -Dlab.tokenFile (never the command line).
// Host names stay real (-Djdk.net.hosts.file maps them to loopback) and the server certificate is verified
// against them through the truststore given by -Djavax.net.ssl.trustStore.
// Prints one line per job: "<job> OK" or "<job> FAIL <exception class>: <message as the application sees it>".

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

public class LabMailClient {
  public static void main(String[] args) throws Exception {
    String user = System.getProperty("lab.user");
    String token = Files.readString(Path.of(System.getProperty("lab.tokenFile")), StandardCharsets.UTF_8).trim();
    for (String job : args) {
      String[] f = job.split(":");
      try {
        switch (f[0]) {
          case "smtp" -> send(Integer.parseInt(f[1]), user, token, f[2], f[3]);
          case "imap", "pop3" -> read(f[0], Integer.parseInt(f[1]), user, token);
          default -> throw new IllegalArgumentException("unknown job " + job);
        }
        System.out.println(f[0] + " OK");
      } catch (Exception e) {
        String message = String.valueOf(e.getMessage()).strip().replace('\n', ' ').replace("\r", "");
        System.out.println(f[0] + " FAIL " + e.getClass().getSimpleName() + ": " + message);
      }
    }
  }

  private static Properties common(String proto) {
    Properties p = new Properties();
    p.put("mail." + proto + ".auth.mechanisms", "XOAUTH2");
    p.put("mail." + proto + ".ssl.checkserveridentity", "true");
    p.put("mail." + proto + ".connectiontimeout", "10000");
    p.put("mail." + proto + ".timeout", "10000");
    return p;
  }

  static void send(int port, String user, String token, String from, String to) throws Exception {
    Properties p = common("smtp");
    p.put("mail.smtp.auth", "true");
    p.put("mail.smtp.starttls.enable", "true");
    p.put("mail.smtp.starttls.required", "true");
    Session session = Session.getInstance(p);
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(from));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
    m.setSubject("o365doctor lab: Jakarta Mail");
    m.setText("Sent by the real-client tier.");
    try (Transport t = session.getTransport("smtp")) {
      t.connect("smtp.office365.com", port, user, token);
      t.sendMessage(m, m.getAllRecipients());
    }
  }

  static void read(String proto, int port, String user, String token) throws Exception {
    Properties p = common(proto);
    p.put("mail." + proto + ".ssl.enable", "true");
    Session session = Session.getInstance(p);
    try (Store store = session.getStore(proto)) {
      store.connect("outlook.office365.com", port, user, token);
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      inbox.getMessageCount();
      inbox.close(false);
    }
  }
}
