package org.geosync.model.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAnnotation;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EFactory;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.XMLHelper;
import org.eclipse.emf.ecore.xmi.XMLLoad;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.SAXXMIHandler;
import org.eclipse.emf.ecore.xmi.impl.XMIHelperImpl;
import org.eclipse.emf.ecore.xmi.impl.XMILoadImpl;
import org.geosync.model.GeosyncPackage;
import org.geosync.model.Replica;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Writes any GeoSync model object (with everything it contains: a {@link Replica}, a whole
 * {@link org.geosync.model.GeodatabaseSchema}, ...) to a stream as XMI and reads it back. The engine
 * can keep the bytes in the geodatabase (inside its own transaction); message headers use {@link ReplicaXmi}.
 * The saved document is self-contained: it holds a copy, never the caller's object, so saving does not
 * detach the object from its container. References to objects outside the saved tree are refused.
 * <p>
 * Loading is strict and safe for files from elsewhere: no DOCTYPE, no external entities, no unknown
 * elements or attributes, exactly one root which must be a replica; anything else is an
 * {@link IOException} whose message says what is wrong.
 * <p>
 * Documents written by earlier versions stay readable: a model type renamed since records the name earlier versions
 * wrote for it (annotation {@value #XMI_ANNOTATION}, key {@value #FORMER_NAME}), and loading reads that name as the type
 * where a document gives it, as an element or an {@code xsi:type} (the root {@code geosync:Geodatabase} of a message
 * header or schema export, its datasets' {@code geosync:FeatureClass} and {@code geosync:Table}). Saving writes the
 * current names. A feature removed from a type is listed by it (key {@value #DROPPED_FEATURES}); loading skips its
 * elements with everything they hold (a replica's {@code conflicts}, which earlier versions declared), and refuses
 * any other unknown element as before.
 */
public final class GeosyncXmi {

    /** The source of the annotation of a model type that records the name earlier versions wrote for it in XMI. */
    public static final String XMI_ANNOTATION = "http://www.geosync.org/model/xmi";
    /** The annotation's key of that earlier name. */
    public static final String FORMER_NAME = "formerName";
    /** The annotation's key of the features (space-separated) earlier versions wrote for a type that it no longer has. */
    public static final String DROPPED_FEATURES = "droppedFeatures";

    /** The nominal URI of the in-memory resources (nothing is ever read from or written to it). */
    private static final URI STREAM_URI = URI.createURI("stream:/replica.geosync");

    private GeosyncXmi() {
    }

    /** Saves a copy of {@code object} as UTF-8 XMI; the stream is left open. */
    public static void save(EObject object, OutputStream out) throws IOException {
        Resource resource = newResource();
        resource.getContents().add(EcoreUtil.copy(object));
        try {
            resource.save(out, saveOptions());
        } catch (IOException | RuntimeException e) {
            // typically a reference to an object outside the saved tree (OPTION_PROCESS_DANGLING_HREF_THROW)
            throw new IOException("Cannot write the " + object.eClass().getName() + " as XMI: " + rootMessage(e), e);
        }
    }

    /** Loads the single object of type {@code type} {@link #save saved} to {@code in}; the stream is left open. */
    public static <T extends EObject> T load(InputStream in, Class<T> type) throws IOException {
        Resource resource = newResource();
        try {
            resource.load(in, loadOptions());
        } catch (IOException e) {
            throw new IOException("The " + noun(type) + " description is not valid GeoSync XMI: " + rootMessage(e), e);
        } catch (RuntimeException e) {
            throw new IOException("The " + noun(type) + " description is not valid GeoSync XMI: " + rootMessage(e), e);
        }
        if (!resource.getErrors().isEmpty()) {
            throw new IOException("The " + noun(type) + " description is not valid GeoSync XMI: "
                    + resource.getErrors().get(0).getMessage());
        }
        if (resource.getContents().size() != 1 || !type.isInstance(resource.getContents().get(0))) {
            throw new IOException("The " + noun(type) + " description must hold exactly one " + noun(type)
                    + ", but holds " + describe(resource));
        }
        T object = type.cast(resource.getContents().get(0));
        resource.getContents().clear();
        return object;
    }

    private static Resource newResource() {
        GeosyncPackage.eINSTANCE.eClass(); // make sure the package is registered outside OSGi too
        return new GeosyncResourceImpl(STREAM_URI) {
            @Override
            protected XMLHelper createXMLHelper() {
                return new XMIHelperImpl(this) {
                    @Override
                    public EClassifier getType(EFactory factory, String typeName) {
                        EClassifier type = super.getType(factory, typeName);
                        return type != null || factory == null ? type : formerlyNamed(factory, typeName);
                    }
                };
            }

            @Override
            protected XMLLoad createXMLLoad() {
                return new XMILoadImpl(createXMLHelper()) {
                    @Override
                    protected DefaultHandler makeDefaultHandler() {
                        return new SkippingDroppedFeatures(resource, helper, options);
                    }
                };
            }
        };
    }

    /** EMF's XMI handler, except that the elements of a feature the object's type dropped are skipped whole. */
    private static final class SkippingDroppedFeatures extends SAXXMIHandler {

        /** How deep inside a skipped element the parser is; 0 outside. */
        private int skipping;

        SkippingDroppedFeatures(XMLResource resource, XMLHelper helper, Map<?, ?> options) {
            super(resource, helper, options);
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
            if (skipping > 0 || dropped(objects.peekEObject(), qName.substring(qName.indexOf(':') + 1))) {
                skipping++;
                return;
            }
            super.startElement(uri, localName, qName, attributes);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            if (skipping > 0) {
                skipping--;
                return;
            }
            super.endElement(uri, localName, qName);
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (skipping == 0) {
                super.characters(ch, start, length);
            }
        }

        @Override
        public void comment(char[] ch, int start, int length) {
            if (skipping == 0) {
                super.comment(ch, start, length);
            }
        }

        @Override
        public void processingInstruction(String target, String data) {
            if (skipping == 0) {
                super.processingInstruction(target, data);
            }
        }

        private static boolean dropped(EObject parent, String element) {
            if (parent == null || parent.eClass().getEStructuralFeature(element) != null) {
                return false;
            }
            EAnnotation annotation = parent.eClass().getEAnnotation(XMI_ANNOTATION);
            String names = annotation == null ? null : annotation.getDetails().get(DROPPED_FEATURES);
            return names != null && Arrays.asList(names.trim().split("\\s+")).contains(element);
        }
    }

    /** The type of {@code factory}'s package that earlier versions wrote as {@code name}, or null. */
    private static EClassifier formerlyNamed(EFactory factory, String name) {
        for (EClassifier type : factory.getEPackage().getEClassifiers()) {
            EAnnotation annotation = type.getEAnnotation(XMI_ANNOTATION);
            if (annotation != null && Objects.equals(annotation.getDetails().get(FORMER_NAME), name)) {
                return type;
            }
        }
        return null;
    }

    private static Map<Object, Object> saveOptions() {
        Map<Object, Object> options = new HashMap<>();
        options.put(XMLResource.OPTION_ENCODING, "UTF-8");
        options.put(XMLResource.OPTION_LINE_WIDTH, 100);
        options.put(XMLResource.OPTION_SAVE_TYPE_INFORMATION, Boolean.FALSE);
        options.put(XMLResource.OPTION_PROCESS_DANGLING_HREF, XMLResource.OPTION_PROCESS_DANGLING_HREF_THROW);
        return options;
    }

    private static Map<Object, Object> loadOptions() {
        Map<Object, Object> options = new HashMap<>();
        Map<String, Boolean> features = new HashMap<>();
        features.put("http://apache.org/xml/features/disallow-doctype-decl", Boolean.TRUE);
        features.put("http://xml.org/sax/features/external-general-entities", Boolean.FALSE);
        features.put("http://xml.org/sax/features/external-parameter-entities", Boolean.FALSE);
        features.put("http://apache.org/xml/features/nonvalidating/load-external-dtd", Boolean.FALSE);
        options.put(XMLResource.OPTION_PARSER_FEATURES, features);
        options.put(XMLResource.OPTION_RECORD_UNKNOWN_FEATURE, Boolean.FALSE);
        options.put(XMLResource.OPTION_DEFER_IDREF_RESOLUTION, Boolean.TRUE);
        return options;
    }

    private static String noun(Class<?> type) {
        return type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String describe(Resource resource) {
        if (resource.getContents().isEmpty()) {
            return "nothing.";
        }
        StringBuilder sb = new StringBuilder();
        for (EObject o : resource.getContents()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(o.eClass().getName());
        }
        return sb.append('.').toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
