package io.acd.persistence;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name a record component is stored under, for a component renamed after records with it were stored.
 * Records are written component by component under their names, so without this a renamed component would
 * read as absent from every journal written before the rename. Once set, the stored name never changes.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface StoredAs {

    String value();
}
