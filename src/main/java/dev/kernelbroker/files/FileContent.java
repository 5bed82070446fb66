package dev.kernelbroker.files;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/** A whole file read into memory (bounded by the caller's cap), with its path and type. */
public record FileContent(WorkspacePath path, String mimeType, byte[] bytes) {
  public FileContent {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(mimeType, "mimeType");
    Objects.requireNonNull(bytes, "bytes");
  }

  /** The content as text when its type is textual and it is valid UTF-8; empty otherwise (send it as a blob). */
  public Optional<String> text() {
    if (!MimeTypes.isText(mimeType)) {
      return Optional.empty();
    }
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
