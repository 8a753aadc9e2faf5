package org.flowmatch4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.flowmatch4j.testing.ApiDocComments;
import org.junit.jupiter.api.Test;

/** Every public or protected element of fm4j-core has a doc comment (the javadoc site's pages). */
class ApiDocTest {
  @Test
  void everyPublicElementHasAComment() throws Exception {
    List<String> missing =
        ApiDocComments.undocumented(Path.of("src", "main", "java"), Path.of("target", "apidocs-check"));
    assertEquals(List.of(), missing, "public or protected elements with no doc comment");
  }
}
