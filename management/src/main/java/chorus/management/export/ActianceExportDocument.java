package chorus.management.export;

import chorus.persistence.export.ExportedPost;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code actiance_export.xml}: a {@code FileDump} with one {@code Channel} element per channel
 * (posts arrive grouped by channel), holding {@code Message} elements for posts, edits and
 * deletions and {@code FileTransferStarted}/{@code FileTransferEnded} pairs for attachments.
 * Times are epoch seconds, as Actiance reads them. Written with StAX, so memory does not grow
 * with the export.
 */
final class ActianceExportDocument implements ExportDocument {
  private final XMLStreamWriter xml;
  private final long from;
  private final long to;
  private String channel;

  ActianceExportDocument(OutputStream out, long from, long to) throws IOException {
    this.from = from;
    this.to = to;
    try {
      xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeStartElement("FileDump");
      xml.writeNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance");
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }

  @Override
  public String name() {
    return "actiance_export.xml";
  }

  @Override
  public void write(List<ExportEvent> events) throws IOException {
    try {
      for (ExportEvent event : events) {
        ExportedPost post = event.post();
        if (!post.channelId().equals(channel)) {
          endChannel();
          startChannel(post);
        }
        switch (event.kind()) {
          case POST, EDIT, DELETE -> message(event);
          case ATTACHMENT, DELETED_ATTACHMENT -> fileTransfer(event);
        }
      }
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }

  @Override
  public void finish() throws IOException {
    try {
      endChannel();
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.flush();
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }

  private void startChannel(ExportedPost post) throws XMLStreamException {
    channel = post.channelId();
    xml.writeStartElement("Channel");
    element("RoomID", roomType(post.channelType()) + " - " + post.channelName() + " - " + post.channelId());
    element("StartTimeUTC", Long.toString(from / 1000));
  }

  private void endChannel() throws XMLStreamException {
    if (channel != null) {
      element("EndTimeUTC", Long.toString(to / 1000));
      xml.writeEndElement();
      channel = null;
    }
  }

  private void message(ExportEvent event) throws XMLStreamException {
    xml.writeStartElement("Message");
    sender(event);
    element("DateTimeUTC", Long.toString(event.time() / 1000));
    element("Content", event.message());
    element("PostId", event.post().id());
    element("MessageType", CsvExportDocument.postType(event));
    xml.writeEndElement();
  }

  private void fileTransfer(ExportEvent event) throws XMLStreamException {
    for (String name : new String[] {"FileTransferStarted", "FileTransferEnded"}) {
      xml.writeStartElement(name);
      sender(event);
      element("FileName", event.file().name());
      element("FilePath", ExportEvent.attachmentPath(event.file()));
      element("DateTimeUTC", Long.toString(event.time() / 1000));
      element("Status", event.kind() == ExportEvent.Kind.ATTACHMENT ? "Uploaded" : "Deleted");
      xml.writeEndElement();
    }
  }

  private void sender(ExportEvent event) throws XMLStreamException {
    element("LoginName", event.post().userEmail());
    element("UserType", "user");
    element("Username", event.post().username());
  }

  private void element(String name, String text) throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeCharacters(text == null ? "" : text);
    xml.writeEndElement();
  }

  private static String roomType(String channelType) {
    return switch (channelType) {
      case "O" -> "public";
      case "P" -> "private";
      case "D" -> "direct";
      case "G" -> "group";
      default -> channelType;
    };
  }
}
